"""``flask --app open_nijmegen peilingen codes PEILING_ID N [--out FILE]`` (issue 18 point 2):
the CSV for a mail merge is written, each code works once without an account, and only a
keyed hash of a code is stored."""

from __future__ import annotations

import csv
import io

import sqlalchemy as sa
from helpers import csrf_token
from peilingen.factories import answers, make_peiling, set_state

from open_nijmegen.core import codes
from open_nijmegen.core.models import AuditLog
from open_nijmegen.extensions import db
from open_nijmegen.peilingen import services
from open_nijmegen.peilingen.models import Doelgroep, Inzending, Staat


def _cli(app, *args):
    return app.test_cli_runner().invoke(args=["peilingen", "codes", *map(str, args)])


def _read(text):
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def _enter_code(client, peiling, code):
    return client.post(
        f"/peilingen/{peiling.id}/code",
        data={"csrf_token": csrf_token(client, f"/peilingen/{peiling.id}/code"), "code": code},
    )


def _send(client, peiling):
    data = dict(answers(peiling))
    data.update({"csrf_token": csrf_token(client), "actie": "versturen", "pagina": "2"})
    return client.post(f"/peilingen/{peiling.id}/invullen", data=data)


def test_codes_are_written_to_a_csv_work_once_and_are_hashed(app, client, tmp_path):
    peiling = make_peiling(doelgroep=Doelgroep.PANEL)
    out = tmp_path / "codes.csv"
    result = _cli(app, peiling.id, 3, "--out", out)
    assert result.exit_code == 0, result.output
    assert f"3 codes geschreven naar {out}" in result.output
    rows = _read(out.read_text(encoding="utf-8"))
    assert rows[0] == ["volgnummer", "code", "link"]
    assert [r[0] for r in rows[1:]] == ["1", "2", "3"]
    made = [r[1] for r in rows[1:]]
    assert len(set(made)) == 3
    assert all(r[2].endswith(f"/peilingen/{peiling.id}/code") for r in rows[1:])
    assert codes.counts(services.CODE_OWNER, peiling.id) == (3, 0)
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditLog)
            .where(AuditLog.action == "peiling.codes_gemaakt")
        )
        == 1
    )

    # Hashed at rest: no stored value is the code or holds it, in any spelling.
    stored = db.session.execute(sa.select(codes.OneTimeCode.__table__)).all()
    assert len(stored) == 3
    text = " ".join(str(v) for row in stored for v in row).upper()
    for code in made:
        bare = code.replace("-", "").upper()
        assert code.upper() not in text and bare not in text
        assert codes.normalise(code) not in text

    # A code works once, without an account.
    response = _enter_code(client, peiling, made[0])
    assert response.status_code == 302 and response.headers["Location"].endswith("/invullen")
    assert _send(client, peiling).status_code == 302
    assert len(db.session.scalars(sa.select(Inzending)).all()) == 1
    response = _enter_code(client, peiling, made[0])
    assert response.status_code == 400
    assert codes.wrong_message() in response.get_data(as_text=True)
    assert codes.counts(services.CODE_OWNER, peiling.id) == (3, 1)
    # The other codes still work.
    assert _enter_code(client, peiling, made[1]).status_code == 302


def test_without_out_the_csv_goes_to_the_screen(app):
    peiling = make_peiling(doelgroep=Doelgroep.PANEL)
    result = _cli(app, peiling.id, 2)
    assert result.exit_code == 0, result.output
    rows = _read(result.stdout)
    assert rows[0] == ["volgnummer", "code", "link"] and len(rows) == 3


def test_the_command_refuses_in_b1_and_makes_no_codes(app, tmp_path):
    panel = make_peiling(doelgroep=Doelgroep.PANEL)
    accounts = make_peiling()
    closed = make_peiling(doelgroep=Doelgroep.PANEL)
    set_state(closed, Staat.GESLOTEN)
    taken = tmp_path / "er-al.csv"
    taken.write_text("iets", encoding="utf-8")
    cases = [
        ((99999, 3), "er is geen peiling met nummer 99999"),
        ((accounts.id, 3), "niet voor een panel"),
        ((closed.id, 3), "deze peiling is gesloten"),
        ((panel.id, 0), "vul een aantal codes in van 1 tot"),
        ((panel.id, codes.MAX_PER_BATCH + 1), "vul een aantal codes in van 1 tot"),
        ((panel.id, 3, "--out", taken), "dat bestand bestaat al"),
    ]
    for args, message in cases:
        result = _cli(app, *args)
        assert result.exit_code == 1, args
        assert message in result.output, (args, result.output)
    assert taken.read_text(encoding="utf-8") == "iets"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(codes.OneTimeCode)) == 0
