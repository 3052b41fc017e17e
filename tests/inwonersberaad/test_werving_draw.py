"""Stage 1 of the recruitment, pure logic: the address file check (B1 messages with line
numbers), the uniform draw (reproducible, uniform, per wijk in proportion) and the record that
fails verification on any changed byte."""

from __future__ import annotations

import json
import random
from collections import Counter

import pytest

from open_nijmegen.inwonersberaad import werving as w

HEADER = b"adres_id;postcode;huisnummer;wijk\n"


def _file(n: int, wijken=("Oost", "West", "Lindenholt")) -> bytes:
    rows = [
        f"A{i:05d};65{i % 90 + 10:02d} AB;{i + 1};{wijken[i % len(wijken)]}\n" for i in range(n)
    ]
    return HEADER + "".join(rows).encode()


def _errors(data: bytes) -> list[str]:
    with pytest.raises(w.AdresInvoerFout) as info:
        w.parse_adressen(data)
    return info.value.errors


def test_a_good_file_is_read_with_bom_and_any_separator():
    data = "\ufeffAdres_ID,Postcode,Huisnummer,Wijk\r\nx1,6511 ab,12A,  Oud  West \r\n".encode()
    adressen = w.parse_adressen(data)
    assert [a.als_dict() for a in adressen.rijen] == [
        {"adres_id": "x1", "postcode": "6511AB", "huisnummer": "12A", "wijk": "Oud West"}
    ]
    tab = b"wijk\tadres_id\tpostcode\thuisnummer\nOost\tB2\t6524CD\t3\n"
    assert w.parse_adressen(tab).rijen[0].adres_id == "B2"


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"", "Het bestand is leeg."),
        (HEADER, "alleen een kopregel"),
        (
            "adres_id;postcode;huisnummer;wijk\nA1;6511AB;1;Zuid\nA2;6511AB;2;Zuidé\n".encode(
                "cp1252"
            ),
            "Het bestand is geen UTF-8-tekst. Het gaat mis op regel 3.",
        ),
        (b"\x00\x01\x02", "geen CSV-bestand"),
        (b"adres_id;postcode;huisnummer;wijk;naam\nA1;6511AB;1;Oost;Jan\n", "Zet er geen namen in"),
        (
            b"adres_id;postcode;wijk\nA1;6511AB;Oost\n",
            "Regel 1: deze kolommen ontbreken: huisnummer",
        ),
        (
            HEADER + b"A1;6511AB;1;Oost\nA1;6511AB;2;Oost\n",
            "Regel 3: adres_id A1 staat ook op regel 2",
        ),
        (
            HEADER + b"A1;6511AB;1;Oost\nA2;6511 ab;1;Oost\n",
            "Regel 3: dit adres (6511AB 1) staat ook op regel 2",
        ),
        (HEADER + b"A1;6511AB;1;Oost\n\nA2;0511AB;1;Oost\n", "Regel 4: de postcode is niet goed"),
        (HEADER + b"A1;6511AB;nul;Oost\n", "Regel 2: het huisnummer is niet goed"),
        (HEADER + b"A1;6511AB;1;\n", "Regel 2: de wijk is leeg"),
        (HEADER + b"A 1;6511AB;1;Oost\n", "Regel 2: de adres_id is leeg"),
        (HEADER + b"A1;6511AB;1\n", "Regel 2: deze regel heeft 3 vakjes"),
        (HEADER + b'A1;6511AB;"1;Oost\nA2;6511AB;2;Oost\n', "aanhalingstekens"),
        (HEADER + b"=cmd|' /C calc'!A0;6511AB;1;Oost\n", "Regel 2: de adres_id"),
        # A spreadsheet saved as UTF-16, a spreadsheet file itself, a column twice.
        ((HEADER + b"A1;6511AB;1;Oost\n").decode().encode("utf-16"), "geen UTF-8-tekst"),
        (b"PK\x03\x04" + b"\x00" * 40, "Het bestand is geen CSV-bestand."),
        (
            b"adres_id;postcode;huisnummer;wijk;wijk\nA1;6511AB;1;Oost;Oost\n",
            "Regel 1: deze kolommen staan er twee keer in: wijk.",
        ),
    ],
)
def test_hostile_files_get_b1_messages_with_line_numbers(data, expected):
    assert any(expected in e for e in _errors(data)), _errors(data)


def test_many_bad_rows_are_summed_up():
    data = HEADER + b"".join(f"A{i};x;1;Oost\n".encode() for i in range(50))
    errors = _errors(data)
    assert len(errors) == w.MAX_FOUTEN + 1 and errors[-1] == "En nog 30 andere fouten."


def test_the_draw_is_exactly_reproducible_from_file_seed_and_method():
    adressen = w.parse_adressen(_file(40))
    # Fixed by the documented method: sorted ids, random.Random(seed).sample.
    expected = ["A00000", "A00012", "A00019", "A00023", "A00026"]
    assert w.trek(adressen, 5, 12345, w.UNIFORM) == expected
    ids = sorted(a.adres_id for a in adressen.rijen)
    assert sorted(random.Random(12345).sample(ids, 5)) == expected
    # The order of the rows in the file does not matter.
    body = _file(40).splitlines(keepends=True)
    shuffled = w.parse_adressen(body[0] + b"".join(reversed(body[1:])))
    assert w.trek(shuffled, 5, 12345, w.UNIFORM) == w.trek(adressen, 5, 12345, w.UNIFORM)
    assert w.trek(adressen, 5, 12346, w.UNIFORM) != w.trek(adressen, 5, 12345, w.UNIFORM)


def test_the_uniform_draw_gives_every_address_the_same_chance():
    adressen = w.parse_adressen(_file(20))
    counts: Counter[str] = Counter()
    draws, n = 4000, 5
    for seed in range(draws):
        counts.update(w.trek(adressen, n, seed, w.UNIFORM))
    expected = draws * n / 20
    chi2 = sum((counts[a.adres_id] - expected) ** 2 / expected for a in adressen.rijen)
    # 19 degrees of freedom: P(chi2 > 43.8) = 0.001. A biased draw (e.g. taking the first
    # ids) gives thousands.
    assert chi2 < 43.8, chi2
    assert len(counts) == 20


def test_largest_remainder_rounding():
    assert w.plaatsen_per_wijk({"A": 5, "B": 3, "C": 2}, 4) == {"A": 2, "B": 1, "C": 1}
    # 7 over 1/3 each: 2 each and one left; ties go to the first name.
    assert w.plaatsen_per_wijk({"B": 1, "A": 1, "C": 1}, 7) == {"A": 3, "B": 2, "C": 2}
    assert w.plaatsen_per_wijk({"A": 90, "B": 9, "C": 1}, 10) == {"A": 9, "B": 1, "C": 0}
    for tellingen, n in [({"A": 3, "B": 3, "C": 3}, 9), ({"A": 7, "B": 2}, 9), ({"A": 4}, 1)]:
        plaatsen = w.plaatsen_per_wijk(tellingen, n)
        assert sum(plaatsen.values()) == n
        assert all(plaatsen[k] <= tellingen[k] for k in tellingen)


def test_per_wijk_draws_the_proportional_number_from_each_wijk():
    data = HEADER + b"".join(
        f"A{i:03d};6511AB;{i + 1};{'Oost' if i < 60 else 'West' if i < 90 else 'Zuid'}\n".encode()
        for i in range(100)
    )
    adressen = w.parse_adressen(data)
    for seed in range(20):
        drawn = set(w.trek(adressen, 10, seed, w.PER_WIJK))
        per_wijk = Counter(a.wijk for a in adressen.rijen if a.adres_id in drawn)
        assert per_wijk == {"Oost": 6, "West": 3, "Zuid": 1}


def test_too_many_or_no_addresses_is_refused():
    adressen = w.parse_adressen(_file(3))
    with pytest.raises(w.AdresInvoerFout, match="maar 3"):
        w.trek(adressen, 4, 1, w.UNIFORM)
    with pytest.raises(w.AdresInvoerFout):
        w.trek(adressen, 0, 1, w.UNIFORM)


def _record(data: bytes, methode=w.PER_WIJK) -> bytes:
    adressen = w.parse_adressen(data)
    drawn = w.trek(adressen, 4, 777, methode)
    record = w.maak_verslag(adressen, 4, 777, methode, drawn, "2026-12-03T16:00:00+00:00")
    return w.verslag_json(record).encode()


def test_the_record_verifies():
    data = _file(12)
    report = w.verify(data, _record(data))
    assert report.ok, report.bevindingen
    record = json.loads(_record(data))
    assert record["seed"] == 777 and record["methode"] == w.PER_WIJK and record["aantal"] == 4
    assert len(record["getrokken"]) == 4 and len(record["invoer_sha256"]) == 64


def test_verification_fails_on_any_changed_byte_of_the_record():
    data = _file(6)
    record = _record(data, w.UNIFORM)
    for i in range(len(record)):
        for new in {ord("0"), ord("x")} - {record[i]}:
            changed = record[:i] + bytes([new]) + record[i + 1 :]
            assert not w.verify(data, changed).ok, (i, changed)


def test_verification_fails_on_any_changed_byte_of_the_file():
    data = _file(6)
    record = _record(data)
    for i in range(len(data)):
        changed = data[:i] + bytes([data[i] ^ 1]) + data[i + 1 :]
        assert not w.verify(changed, record).ok, i


def test_a_record_with_a_forged_list_and_fixed_check_fails():
    data = _file(12)
    record = json.loads(_record(data))
    record["getrokken"][0] = "A00011" if record["getrokken"][0] != "A00011" else "A00010"
    record["getrokken_sha256"] = w.lijst_sha256(record["getrokken"])
    record["controle"] = w._controle(record)
    report = w.verify(data, w.verslag_json(record).encode())
    assert not report.ok
    assert "andere adressen" in report.bevindingen[-1].tekst


def test_after_retention_the_record_still_verifies_by_hash():
    data = _file(12)
    record = w.zonder_lijst(json.loads(_record(data)))
    assert record["getrokken"] is None
    assert w.verify(data, w.verslag_json(record).encode()).ok


def test_a_file_that_is_too_big_is_refused(monkeypatch):
    monkeypatch.setattr(w, "MAX_BESTAND_BYTES", 100)
    assert "te groot" in _errors(_file(10))[0]
    monkeypatch.setattr(w, "MAX_ADRESSEN", 5)
    monkeypatch.setattr(w, "MAX_BESTAND_BYTES", 10_000)
    assert "meer dan 5 adressen" in _errors(_file(10))[0]
