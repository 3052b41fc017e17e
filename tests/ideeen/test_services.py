"""Use cases: supports exact under concurrency, threshold, merge, reactions counter."""

from __future__ import annotations

import random
import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa
from factories import make_staff, make_user
from ideeen.factories import make_idee

from open_nijmegen.core.db import utcnow
from open_nijmegen.core.interactions.services import add_reaction, delete_reaction
from open_nijmegen.core.models import AuditLog, Follow, StatusChange
from open_nijmegen.core.settings import set_setting
from open_nijmegen.extensions import db
from open_nijmegen.ideeen import services
from open_nijmegen.ideeen.models import Idee, IdeeStatus, Steun


def _recount(idee_id: int) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Steun).where(Steun.idee_id == idee_id)
    )


def _shown(idee_id: int) -> int:
    db.session.expire_all()
    return db.session.get(Idee, idee_id).support_count


def test_support_is_counted_once(app):
    idee, user = make_idee(), make_user()
    assert services.support(user, idee) is True
    assert services.support(user, idee) is False
    db.session.commit()
    assert _shown(idee.id) == _recount(idee.id) == 1
    assert services.withdraw_support(user, idee) is True
    assert services.withdraw_support(user, idee) is False
    db.session.commit()
    assert _shown(idee.id) == _recount(idee.id) == 0


def test_author_cannot_support_own_idea(app):
    author = make_user()
    idee = make_idee(author=author)
    with pytest.raises(services.IdeeError):
        services.support(author, idee)


def test_parallel_supports_and_withdrawals_keep_count_exact(app):
    """Many threads, each its own session and connection, support and withdraw at random."""
    idee = make_idee()
    users = [make_user() for _ in range(12)]
    idee_id, user_ids = idee.id, [u.id for u in users]
    db.session.remove()
    errors: list[BaseException] = []
    start = threading.Barrier(len(user_ids) * 2)

    def worker(user_id: int, seed: int) -> None:
        rng = random.Random(seed)
        try:
            with app.app_context():
                from open_nijmegen.accounts.models import User

                start.wait(timeout=30)
                for _ in range(12):
                    user = db.session.get(User, user_id)
                    target = db.session.get(Idee, idee_id)
                    if rng.random() < 0.6:
                        services.support(user, target)
                    else:
                        services.withdraw_support(user, target)
                    db.session.commit()
                db.session.remove()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    # Two threads per user: the same account races against itself too.
    threads = [
        threading.Thread(target=worker, args=(uid, i * 100 + k))
        for i, uid in enumerate(user_ids)
        for k in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    recount = _recount(idee_id)
    assert _shown(idee_id) == recount
    assert 0 <= recount <= len(user_ids)
    per_user = db.session.execute(
        sa.select(Steun.user_id, sa.func.count())
        .where(Steun.idee_id == idee_id)
        .group_by(Steun.user_id)
    ).all()
    assert all(n == 1 for _uid, n in per_user)


def test_unique_constraint_refuses_a_second_row(app):
    idee, user = make_idee(), make_user()
    db.session.add(Steun(user_id=user.id, idee_id=idee.id))
    db.session.commit()
    db.session.add(Steun(user_id=user.id, idee_id=idee.id))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_threshold_sets_answer_deadline_once(app):
    set_setting(None, "ideeen.drempel_steun", 2)
    set_setting(None, "ideeen.antwoord_weken", 3)
    db.session.commit()
    idee = make_idee()
    services.support(make_user(), idee)
    db.session.commit()
    assert _refresh(idee).answer_due_at is None
    services.support(make_user(), idee)
    db.session.commit()
    first = _refresh(idee).answer_due_at
    assert first is not None
    assert timedelta(weeks=3) - timedelta(minutes=1) < first - utcnow() <= timedelta(weeks=3)
    set_setting(None, "ideeen.antwoord_weken", 10)
    services.support(make_user(), idee)
    db.session.commit()
    assert _refresh(idee).answer_due_at == first  # a running deadline never moves


def test_threshold_ignores_late_supports(app):
    set_setting(None, "ideeen.drempel_steun", 1)
    set_setting(None, "ideeen.drempel_dagen", 30)
    db.session.commit()
    idee = make_idee(published_days_ago=31)
    services.support(make_user(), idee)
    db.session.commit()
    assert _refresh(idee).answer_due_at is None


def _refresh(idee):
    db.session.expire_all()
    return db.session.get(Idee, idee.id)


def test_answer_clears_due_list(app):
    from open_nijmegen.ideeen import queries

    set_setting(None, "ideeen.drempel_steun", 1)
    db.session.commit()
    idee = make_idee()
    services.support(make_user(), idee)
    db.session.commit()
    assert [i.id for i in queries.answers_due()] == [idee.id]
    staff = make_staff(areas=["ideeen"])
    with app.test_request_context():
        services.set_status(staff, _refresh(idee), IdeeStatus.IN_BEHANDELING, "We kijken ernaar.")
    db.session.commit()
    assert queries.answers_due() == []


def test_merge_carries_supports_without_double_counting(app):
    staff = make_staff(areas=["ideeen"])
    source, target = make_idee(), make_idee()
    both, only_source, only_target = make_user(), make_user(), make_user()
    for user in (both, only_source):
        services.support(user, source)
    for user in (both, only_target):
        services.support(user, target)
    follower = make_user()
    from open_nijmegen.core.interactions.services import set_follow

    set_follow(follower, source, True)
    db.session.commit()
    moved = services.merge_idee(staff, _refresh(source), _refresh(target))
    db.session.commit()
    assert moved == 1
    assert _shown(target.id) == _recount(target.id) == 3
    merged = _refresh(source)
    assert merged.merged_into_id == target.id and not merged.is_public
    assert db.session.scalar(
        sa.select(Follow).where(
            Follow.user_id == follower.id,
            Follow.object_type == "idee",
            Follow.object_id == target.id,
        )
    )
    assert db.session.scalar(sa.select(AuditLog).where(AuditLog.action == "idee.samengevoegd"))


def test_merge_refuses_self_and_hidden_target(app):
    staff = make_staff(areas=["ideeen"])
    idee, hidden = make_idee(), make_idee("verborgen")
    with pytest.raises(services.IdeeError):
        services.merge_idee(staff, idee, idee)
    with pytest.raises(services.IdeeError):
        services.merge_idee(staff, idee, hidden)


def test_reaction_counter_follows_add_delete_and_hide(app, client, login):
    idee = make_idee()
    user = make_user()
    with app.test_request_context():
        reaction = add_reaction(user, idee, "Goed idee!")
        other = add_reaction(make_user(), idee, "Mee eens.")
        db.session.commit()
        assert _refresh(idee).reaction_count == 2
        delete_reaction(user, reaction, _refresh(idee))
        db.session.commit()
        assert _refresh(idee).reaction_count == 1
    # The generic report queue hides the other reaction: the counter follows (core hook).
    staff = make_staff(areas=["ideeen"])
    login(staff)
    from helpers import csrf_token

    token = csrf_token(client, "/beheer/meldingen")
    response = client.post(
        f"/beheer/meldingen/reactie/{other.id}",
        data={"csrf_token": token, "besluit": "verbergen", "reden": "Spam"},
    )
    assert response.status_code == 302
    assert _refresh(idee).reaction_count == 0


def test_status_change_writes_public_history_and_audit(app):
    staff = make_staff(areas=["ideeen"])
    idee = make_idee()
    with app.test_request_context():
        services.set_status(staff, idee, IdeeStatus.OVERGENOMEN, "We doen het. Start in mei.")
    db.session.commit()
    row = db.session.scalar(sa.select(StatusChange).where(StatusChange.to_status == "overgenomen"))
    assert row.is_public and row.explanation == "We doen het. Start in mei."
    assert db.session.scalar(sa.select(AuditLog).where(AuditLog.action == "idee.status"))
    with pytest.raises(services.IdeeError):
        services.set_status(staff, idee, IdeeStatus.UITGEVOERD, "")


def test_status_needs_staff_with_ideeen_area(app):
    idee = make_idee()
    for user in (make_user(), make_staff(areas=["uitdaagrecht"])):
        with pytest.raises(services.IdeeError):
            services.set_status(user, idee, IdeeStatus.OVERGENOMEN, "Tekst")
