"""Assisted paper entry (core.paper): each number once per (kind, owner), also when officers
type at the same moment; the rest of the transaction is kept; the number field's messages."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa
from factories import make_staff
from werkzeug.datastructures import MultiDict

from open_nijmegen.core.forms import BaseForm
from open_nijmegen.core.models import AuditLog
from open_nijmegen.core.paper import (
    PaperForm,
    PaperNumberTaken,
    paper_count,
    paper_number_field,
    paper_numbers,
    register_paper_form,
)
from open_nijmegen.extensions import db


def test_a_number_is_entered_once_per_kind_and_owner(app):
    officer = make_staff()
    register_paper_form(officer, "begroting", 1, 7)
    db.session.commit()
    with pytest.raises(PaperNumberTaken, match="al ingevoerd"):
        register_paper_form(officer, "begroting", 1, 7)
    # The same number for another owner or another kind is another form.
    register_paper_form(officer, "begroting", 2, 7)
    register_paper_form(officer, "peiling", 1, 7)
    register_paper_form(officer, "begroting", 1, 3)
    db.session.commit()
    assert paper_numbers("begroting", 1) == [3, 7]
    assert paper_count("begroting", 1) == 2
    assert paper_count("peiling", 1) == 1
    row = db.session.scalar(sa.select(PaperForm).where(PaperForm.number == 3))
    assert row.entered_by_id == officer.id
    actions = db.session.scalars(sa.select(AuditLog.action)).all()
    assert actions.count("papier.ingevoerd") == 4


def test_a_refused_number_keeps_the_other_work_of_the_transaction(app):
    officer = make_staff()
    register_paper_form(officer, "begroting", 1, 1)
    db.session.commit()
    register_paper_form(officer, "begroting", 1, 2)  # not committed yet
    with pytest.raises(PaperNumberTaken):
        register_paper_form(officer, "begroting", 1, 1)
    db.session.commit()
    assert paper_numbers("begroting", 1) == [1, 2]


@pytest.mark.parametrize("number", [0, -1, 10**10])
def test_numbers_outside_the_range_are_refused(app, number):
    with pytest.raises(PaperNumberTaken):
        register_paper_form(make_staff(), "begroting", 1, number)
    assert paper_count("begroting", 1) == 0


def test_parallel_entry_of_one_number_keeps_one(app):
    """Twenty officers' requests type in form 5 at once: one is kept, 19 hear it is taken."""
    officer_id = make_staff().id
    db.session.remove()
    outcomes: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(20)

    def attempt(officer) -> str:  # type: ignore[no-untyped-def]
        for _try in range(20):
            try:
                register_paper_form(officer, "begroting", 9, 5)
                db.session.commit()
                return "ok"
            except PaperNumberTaken:
                db.session.rollback()
                return "bezet"
            except sa.exc.OperationalError:  # SQLite: "database is locked"; try again
                db.session.rollback()
        return "vast"

    def worker() -> None:
        try:
            with app.app_context():
                from open_nijmegen.accounts.models import User

                officer = db.session.get(User, officer_id)
                db.session.commit()
                start.wait(timeout=60)
                result = attempt(officer)
                with lock:
                    outcomes.append(result)
                db.session.remove()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert sorted(outcomes) == ["bezet"] * 19 + ["ok"]
    assert paper_numbers("begroting", 9) == [5]


def test_unique_constraint_holds_without_the_helper(app):
    db.session.add(PaperForm(kind="begroting", owner_id=1, number=4))
    db.session.commit()
    db.session.add(PaperForm(kind="begroting", owner_id=1, number=4))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


class _NumberForm(BaseForm):
    class Meta:
        csrf = False

    nummer = paper_number_field()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Vul het nummer in"),
        ("0", "Vul een nummer in van 1"),
        ("abc", "Vul een heel getal in"),
        ("12,5", "Vul een heel getal in"),
        ("-4", "Vul een nummer in van 1"),
        ("99999999999", "Vul een nummer in van 1"),
    ],
)
def test_the_number_field_explains_what_is_wrong(app, raw, message):
    with app.test_request_context():
        form = _NumberForm(formdata=MultiDict({"nummer": raw}))
        assert not form.validate()
        assert message in form.nummer.errors[0]
        assert form.nummer.raw_data == [raw]  # what was typed stays in the form


def test_the_number_field_accepts_a_number(app):
    with app.test_request_context():
        form = _NumberForm(formdata=MultiDict({"nummer": "12"}))
        assert form.validate()
        assert form.nummer.data == 12
