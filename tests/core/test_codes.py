"""One-time codes (core.codes): stored as keyed digests only, bound to their owner, used once
under concurrency on both databases, wrong attempts limited with one generic message."""

from __future__ import annotations

import csv
import io
import threading

import pytest
import sqlalchemy as sa

from open_nijmegen.core import codes
from open_nijmegen.core.codes import CodeError, OneTimeCode
from open_nijmegen.extensions import db


def test_codes_are_ascii_groups_without_look_alikes_and_stored_only_as_digests():
    made = codes.make_codes("peiling", 1, 50)
    db.session.commit()
    assert len(set(made)) == 50
    for code in made:
        assert code.isascii() and len(code) == 14 and code.count("-") == 2
        assert not set(code.replace("-", "")) & set("01OIL")
    stored = db.session.scalars(sa.select(OneTimeCode.digest)).all()
    assert len(stored) == 50
    plain = {c.replace("-", "") for c in made}
    assert not plain & set(stored)
    assert all(len(d) == 64 and int(d, 16) >= 0 for d in stored)
    assert codes.counts("peiling", 1) == (50, 0)


def test_a_code_works_once_and_only_for_its_own_owner():
    [code] = codes.make_codes("peiling", 1, 1)
    codes.make_codes("peiling", 2, 3)
    db.session.commit()
    with pytest.raises(CodeError) as foreign:
        codes.find("peiling", 2, code, "1.2.3.4")
    assert foreign.value.message == codes.wrong_message()
    # Forgiving typing: lower case, spaces instead of dashes.
    codes.redeem("peiling", 1, " " + code.lower().replace("-", " ") + " ", "1.2.3.4")
    db.session.commit()
    with pytest.raises(CodeError) as reused:
        codes.redeem("peiling", 1, code, "1.2.3.4")
    assert reused.value.message == codes.wrong_message()
    assert codes.counts("peiling", 1) == (1, 1)
    used_on = db.session.scalar(
        sa.select(OneTimeCode.used_on).where(OneTimeCode.used_on.is_not(None))
    )
    assert type(used_on).__name__ == "date"  # the day only, never a time


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        "ABCD",
        "ÄBCD-EFGH-JKMN",
        "ABCD-EFGH-JKM0",
        "A" * 5000,
        "'; DROP TABLE x;--",
        "ABCD\x00EFGHJKMN",
    ],
)
def test_hostile_or_malformed_codes_get_the_generic_message(text):
    codes.make_codes("peiling", 1, 2)
    db.session.commit()
    with pytest.raises(CodeError) as error:
        codes.find("peiling", 1, text, "5.6.7.8")
    assert error.value.message == codes.wrong_message()


def test_wrong_attempts_are_limited_per_client_even_for_a_right_code():
    [code] = codes.make_codes("peiling", 1, 1)
    db.session.commit()
    for _ in range(10):
        with pytest.raises(CodeError):
            codes.find("peiling", 1, "ABCD-EFGH-JKMN", "9.9.9.9")
    with pytest.raises(CodeError) as blocked:
        codes.find("peiling", 1, code, "9.9.9.9")
    assert blocked.value.message == codes.too_many_message()
    # Another address is not affected; a right code does not count as wrong.
    assert codes.find("peiling", 1, code, "8.8.8.8").used_on is None


def test_the_same_code_used_by_many_threads_at_once_is_used_exactly_once(app):
    [code] = codes.make_codes("peiling", 1, 1)
    db.session.commit()
    db.session.remove()
    results: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def worker(n: int) -> None:
        try:
            with app.app_context():
                start.wait(timeout=30)
                try:
                    codes.redeem("peiling", 1, code, f"10.0.0.{n}")
                    db.session.commit()
                    results.append("ok")
                except CodeError:
                    db.session.rollback()
                    results.append("refused")
                db.session.remove()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert sorted(results) == ["ok"] + ["refused"] * 7
    assert codes.counts("peiling", 1) == (1, 1)


def test_mail_merge_csv_has_a_row_per_code_and_is_spreadsheet_safe():
    made = codes.make_codes("peiling", 3, 4)
    text = codes.codes_csv(made, link=lambda c: f"https://example.org/p/3?code={c}")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["volgnummer", "code", "link"]
    assert [r[1] for r in rows[1:]] == made
    assert [r[0] for r in rows[1:]] == ["1", "2", "3", "4"]
    assert codes.codes_csv(["=1+1"]).splitlines()[1] == "1;'=1+1"


def test_batch_size_is_bounded():
    with pytest.raises(ValueError):
        codes.make_codes("peiling", 1, 0)
    with pytest.raises(ValueError):
        codes.make_codes("peiling", 1, codes.MAX_PER_BATCH + 1)
