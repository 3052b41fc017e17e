"""``flask loting verify PEOPLE QUOTAS RECORD``: prints the findings, exit 0 when all is
well, 1 when a check fails."""

from __future__ import annotations

import json

from open_nijmegen.inwonersberaad.demo import demo_record


def _files(tmp_path, record):
    people, quotas, _record, _seed = demo_record()
    (tmp_path / "p.csv").write_bytes(people)
    (tmp_path / "q.csv").write_bytes(quotas)
    (tmp_path / "r.json").write_text(json.dumps(record), encoding="utf-8")
    return [str(tmp_path / n) for n in ("p.csv", "q.csv", "r.json")]


def test_verify_passes(app, tmp_path):
    _p, _q, record, _s = demo_record()
    result = app.test_cli_runner().invoke(args=["loting", "verify", *_files(tmp_path, record)])
    assert result.exit_code == 0, result.output
    assert "alles klopt" in result.output
    assert "FOUT" not in result.output


def test_verify_fails_on_a_changed_panel(app, tmp_path):
    _p, _q, record, _s = demo_record()
    record["seed"] = record["seed"] + 1
    result = app.test_cli_runner().invoke(args=["loting", "verify", *_files(tmp_path, record)])
    assert result.exit_code == 1
    assert "FOUT" in result.output and "De controle vond fouten." in result.output


def test_verify_fails_on_another_input_file(app, tmp_path):
    _p, _q, record, _s = demo_record()
    paths = _files(tmp_path, record)
    with open(paths[0], "ab") as handle:
        handle.write(b"d99,65+\n")
    result = app.test_cli_runner().invoke(args=["loting", "verify", *paths])
    assert result.exit_code == 1
    assert "SHA-256" in result.output


def test_verify_fails_on_garbage_record(app, tmp_path):
    paths = _files(tmp_path, {})
    (tmp_path / "r.json").write_text("geen json", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["loting", "verify", *paths])
    assert result.exit_code == 1
