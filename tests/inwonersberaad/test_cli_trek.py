"""``flask loting trek``: the auditor's lottery. It uses the site's parsing, solver and record
code, so ``flask loting verify`` (and ``verify``) accept what it writes; bad input and quotas
that cannot be met give B1 messages and exit 1, never a traceback, and no record."""

from __future__ import annotations

import json
import os

import pytest

from open_nijmegen.inwonersberaad.demo import demo_record
from open_nijmegen.inwonersberaad.loting import (
    RECORD_FORMAT,
    SEED_BOVENGRENS,
    verify,
    voorbeeld_pool,
)

PANEL = 5
RESERVES = 2


def _run(app, *args: str):
    return app.test_cli_runner().invoke(args=["loting", *args])


def _pool(tmp_path, people: bytes | str, quotas: bytes | str) -> tuple[str, str, str]:
    for naam, inhoud in (("p.csv", people), ("q.csv", quotas)):
        pad = tmp_path / naam
        if isinstance(inhoud, str):
            pad.write_text(inhoud, encoding="utf-8")
        else:
            pad.write_bytes(inhoud)
    return str(tmp_path / "p.csv"), str(tmp_path / "q.csv"), str(tmp_path / "r.json")


def _refused(result, out: str) -> str:
    """Exit 1 through sys.exit (not an exception), no record written; returns the output."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert not os.path.exists(out)
    return result.output


def test_trek_writes_a_site_record_that_verifies(app, tmp_path):
    people, quotas = voorbeeld_pool(30, 4, PANEL)
    p, q, out = _pool(tmp_path, people, quotas)
    args = [p, q, "--panel", str(PANEL), "--reserves", str(RESERVES), "--seed", "4242"]
    result = _run(app, "trek", *args, "--out", out)
    assert result.exit_code == 0, result.output
    assert "De loting is klaar." in result.output and "Seed: 4242" in result.output
    with open(out, encoding="utf-8") as handle:
        record = json.load(handle)
    assert record["format"] == RECORD_FORMAT
    assert record["seed"] == 4242
    assert record["algorithm"]["name"] == "maximin"
    assert len(record["panel"]) == PANEL and len(record["reserves"]) == RESERVES
    assert ", ".join(record["panel"]) in result.output
    # The same record format as the site's (the demo record is made by the site's own code).
    site = demo_record()[2]
    assert set(record) == set(site)
    for deel in ("algorithm", "input", "probabilities", "draw_method"):
        assert set(record[deel]) == set(site[deel]), deel

    checked = _run(app, "verify", p, q, out)
    assert checked.exit_code == 0, checked.output
    assert "alles klopt" in checked.output and "FOUT" not in checked.output

    # Any changed byte in either input file makes the check fail.
    data = {"p": people.encode(), "q": quotas.encode()}
    for welk in data:
        for i in range(len(data[welk])):
            kopie = dict(data)
            veranderd = bytearray(data[welk])
            veranderd[i] = veranderd[i] ^ 0x01
            kopie[welk] = bytes(veranderd)
            rapport = verify(kopie["p"], kopie["q"], record)
            assert not rapport.ok, (welk, i)
    # ... and through the command too.
    with open(p, "ab") as handle:
        handle.write(b" ")
    checked = _run(app, "verify", p, q, out)
    assert checked.exit_code == 1 and "SHA-256" in checked.output


def test_trek_without_seed_draws_one_and_the_record_verifies(app, tmp_path):
    people, quotas = voorbeeld_pool(30, 5, PANEL)
    p, q, out = _pool(tmp_path, people, quotas)
    result = _run(app, "trek", p, q, "--panel", str(PANEL), "--out", out)
    assert result.exit_code == 0, result.output
    with open(out, encoding="utf-8") as handle:
        record = json.load(handle)
    assert 1 <= record["seed"] < SEED_BOVENGRENS
    assert record["reserves"] == [] and record["reserves_requested"] == 0
    assert verify(people, quotas, record).ok


# Each feature is fine on its own, but gender and wijk are linked in this pool:
# 3 women would bring 3 people from Lent, and Lent has a max of 1.
LINKED_PEOPLE = "id,gender,wijk\n" + "".join(f"v{i},vrouw,Lent\nm{i},man,Hees\n" for i in range(10))
LINKED_QUOTAS = (
    "kenmerk,waarde,min,max\ngender,vrouw,3,4\ngender,man,0,4\nwijk,Lent,0,1\nwijk,Hees,3,4\n"
)


def test_jointly_infeasible_quotas_exit_1_with_advice(app, tmp_path):
    p, q, out = _pool(tmp_path, LINKED_PEOPLE, LINKED_QUOTAS)
    output = _refused(_run(app, "trek", p, q, "--panel", "4", "--out", out), out)
    assert "De quota zijn samen niet haalbaar met deze aanmeldingen." in output
    assert "Verlaag het minimum" in output or "Verhoog het maximum" in output
    assert "Er is geen verslag gemaakt." in output


def test_quotas_that_cannot_fit_the_panel_exit_1(app, tmp_path):
    p, q, out = _pool(tmp_path, LINKED_PEOPLE, LINKED_QUOTAS)
    output = _refused(_run(app, "trek", p, q, "--panel", "9", "--out", out), out)
    assert "Bij 'gender' tellen de maximums op tot 8." in output
    output = _refused(
        _run(app, "trek", p, q, "--panel", "4", "--reserves", "17", "--out", out), out
    )
    assert "Voor 4 panelleden en 17 reserves zijn 21 aanmeldingen nodig. Er zijn er 20." in output


QUOTAS = "kenmerk,waarde,min,max\ngender,vrouw,0,2\ngender,man,0,2\n"


@pytest.mark.parametrize(
    ("people", "quotas", "verwacht"),
    [
        pytest.param(
            "id,gender\np1,vrouw\np2\np3,man\n",
            QUOTAS,
            "Het bestand met aanmeldingen, regel 3: deze regel heeft 1 vakjes. De eerste regel heeft er 2.",
            id="short row",
        ),
        pytest.param(
            "id,gender\np1,vrouw\np2,man\np1,man\n",
            QUOTAS,
            "Het bestand met aanmeldingen, regel 4: de id 'p1' staat er al op regel 2.",
            id="duplicate id",
        ),
        pytest.param(
            "id,gender\np1,vrouw\np2,man\n",
            QUOTAS + "gender,Vrouw,1,1\n",
            "Het quotabestand, regel 4: 'gender' = 'Vrouw' staat er al op regel 2.",
            id="duplicate quota",
        ),
        pytest.param(
            "id,gender\np1,vrouw\np2,onbekend\n",
            QUOTAS,
            "Het bestand met aanmeldingen, regel 3: de waarde 'onbekend' bij 'gender' staat niet",
            id="forged value",
        ),
        pytest.param(
            "id,gender\np1,vrouw\np2,man\n",
            "kenmerk,waarde,min,max\ngender,vrouw,1,2\ngender,man,twee,2\n",
            "Het quotabestand, regel 3: min is geen getal (nu: twee).",
            id="quota not a number",
        ),
        pytest.param(
            'id,gender\np1,vrouw\np2,"man\n',
            QUOTAS,
            "Het bestand met aanmeldingen, regel 3: deze regel kunnen we niet lezen.",
            id="broken quotes",
        ),
        pytest.param(
            "id,gender\np1,vrouw\np2,man\n".encode("utf-16"),
            QUOTAS,
            "Het bestand met aanmeldingen is geen UTF-8-tekst.",
            id="utf-16",
        ),
        pytest.param(
            "id,gender\np1,vrouw\np2,man\n",
            "kenmerk,waarde,min,max\ngender,vrouw,0,2\ngender,mân,0,2\n".encode("latin-1"),
            "Het quotabestand is geen UTF-8-tekst.",
            id="latin-1",
        ),
        pytest.param(
            b"id,gender\x00\np1,vrouw\n",
            QUOTAS,
            "Het bestand met aanmeldingen is geen CSV-bestand.",
            id="binary",
        ),
        pytest.param(
            "id,gender,email\np1,vrouw,a@example.org\n",
            QUOTAS,
            "Het bestand met aanmeldingen heeft een kolom 'email'. Dat lijken persoonsgegevens.",
            id="personal data",
        ),
        pytest.param("", QUOTAS, "Het bestand met aanmeldingen is leeg.", id="empty"),
    ],
)
def test_hostile_csv_gives_b1_messages_with_line_numbers(app, tmp_path, people, quotas, verwacht):
    p, q, out = _pool(tmp_path, people, quotas)
    output = _refused(_run(app, "trek", p, q, "--panel", "2", "--out", out), out)
    assert verwacht in output
    assert "Er is geen verslag gemaakt." in output


@pytest.mark.parametrize(
    ("args", "verwacht"),
    [
        (["--panel", "tien"], "Bij --panel staat 'tien'. Vul een heel getal van 1 of meer in."),
        (["--panel", "0"], "Bij --panel staat '0'."),
        (["--panel", "2", "--reserves", "-1"], "Bij --reserves staat '-1'."),
        (["--panel", "2", "--seed", "0"], "Bij --seed staat '0'. Vul een heel getal van 1 tot"),
        (["--panel", "2", "--seed", str(2**53)], "Bij --seed staat"),
        (["--panel", "2", "--seed", "1" * 5000], "Bij --seed staat"),
        (["--panel", "2", "--methode", "loterij"], "De methode 'loterij' kennen we niet."),
        ([], "Geef met --panel op hoeveel plaatsen het panel heeft."),
    ],
)
def test_bad_options_give_b1_messages(app, tmp_path, args, verwacht):
    p, q, out = _pool(tmp_path, LINKED_PEOPLE, LINKED_QUOTAS)
    output = _refused(_run(app, "trek", p, q, *args, "--out", out), out)
    assert verwacht in output


def test_missing_files_and_out_give_b1_messages(app, tmp_path):
    p, q, out = _pool(tmp_path, LINKED_PEOPLE, LINKED_QUOTAS)
    output = _refused(_run(app, "trek", "--panel", "4"), out)
    assert "Geef twee bestanden op" in output and "Geef met --out op" in output
    output = _refused(
        _run(app, "trek", str(tmp_path / "nee.csv"), q, "--panel", "4", "--out", out), out
    )
    assert "We kunnen het bestand met aanmeldingen niet openen" in output
    output = _refused(_run(app, "trek", p, str(tmp_path), "--panel", "4", "--out", out), out)
    assert "is een map. Geef het quotabestand op." in output
    # --out must not overwrite an input file.
    voor = (tmp_path / "p.csv").read_bytes()
    result = _run(app, "trek", p, q, "--panel", "4", "--out", p)
    assert result.exit_code == 1 and "Kies een ander bestand" in result.output
    assert (tmp_path / "p.csv").read_bytes() == voor
    # A folder that does not exist.
    nergens = str(tmp_path / "nergens" / "r.json")
    people, quotas = voorbeeld_pool(30, 4, PANEL)
    p, q, _ = _pool(tmp_path, people, quotas)
    output = _refused(_run(app, "trek", p, q, "--panel", str(PANEL), "--out", nergens), nergens)
    assert "We kunnen het verslag niet opslaan" in output
