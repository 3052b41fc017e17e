"""Use cases for reactions, follows and reports. The request commits once."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from open_nijmegen.accounts.models import User
from open_nijmegen.accounts.passwords import make_token, read_token
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.db_requests import read_rows
from open_nijmegen.core.models import Follow, Reaction
from open_nijmegen.core.objects import FOLLOWABLE, REACTABLE, has_capability
from open_nijmegen.core.settings import get_setting
from open_nijmegen.core.text import clean_plain
from open_nijmegen.core.urls import external_url, mail_url
from open_nijmegen.extensions import db
from open_nijmegen.moderation.models import Report
from open_nijmegen.notifications.services import queue_mail


class InteractionError(ValueError):
    """A rule was broken; the message is B1 Dutch."""


def _changed(target: Any) -> None:
    hook = getattr(target, "on_reactions_changed", None)
    if hook is not None:
        hook()


def visible_reactions_query(object_type: str, object_id: int) -> sa.Select[tuple[Reaction]]:
    """The one query that decides which reactions are public."""
    return (
        sa.select(Reaction)
        .where(
            Reaction.object_type == object_type,
            Reaction.object_id == object_id,
            Reaction.hidden_at.is_(None),
            Reaction.deleted_at.is_(None),
        )
        .order_by(Reaction.created_at, Reaction.id)
        # Pages show the author's name only: load just that (no hashes, no staff work areas).
        .options(
            sa.orm.joinedload(Reaction.author).options(
                sa.orm.load_only(User.id, User.display_name, User.erased_at),
                sa.orm.lazyload(User.work_areas),
            )
        )
    )


@dataclass(frozen=True, slots=True)
class ShownReaction:
    """A visible reaction as a page shows it: plain values, no ORM object. Hashable, so the
    HTML of a reaction can be memoised on exactly what it shows."""

    id: int
    parent_id: int | None
    author_id: int | None
    author_name: str | None  # None after the author's account was erased
    body: str
    created_at: datetime
    edited_at: datetime | None
    # Visible reactions are never hidden or deleted (for can_change_reaction).
    hidden_at: None = None
    deleted_at: None = None
    # A hidden or deleted reaction that has visible replies keeps its place in the tree, so
    # the replies stay: "verborgen" (by a moderator) or "verwijderd" (by its author). It shows
    # only a line saying so: no author, no text.
    removed: str = ""

    @property
    def is_placeholder(self) -> bool:
        return bool(self.removed)


@functools.cache
def _tree_select() -> sa.Select[Any]:
    """The columns of ``visible_reactions_query`` a page shows, with bound parameters, built
    once per process (building and keying a statement costs more than running it)."""
    visible = visible_reactions_query(sa.bindparam("object_type"), sa.bindparam("object_id"))  # type: ignore[arg-type]
    return visible.with_only_columns(
        Reaction.id,
        Reaction.parent_id,
        Reaction.author_id,
        User.display_name,
        User.erased_at,
        Reaction.body,
        Reaction.created_at,
        Reaction.edited_at,
    ).outerjoin(User, User.id == Reaction.author_id)


def reaction_tree(
    object_type: str, object_id: int
) -> list[tuple[ShownReaction, tuple[ShownReaction, ...]]]:
    params = {"object_type": object_type, "object_id": object_id}
    rows = [
        ShownReaction(r[0], r[1], r[2], r[3] if r[4] is None else None, *r[5:])
        for r in read_rows(_tree_select(), params)
    ]
    tops = [r for r in rows if r.parent_id is None]
    replies: dict[int, list[ShownReaction]] = {}
    for r in rows:
        if r.parent_id is not None:
            replies.setdefault(r.parent_id, []).append(r)
    orphans = set(replies) - {t.id for t in tops}
    if orphans:
        # Replies under a hidden or deleted reaction are innocent: keep them, under a line in
        # the place of the reaction they answer.
        tops = sorted(tops + _placeholders(orphans), key=lambda r: (r.created_at, r.id))
    # Tuples all the way down: the tree is hashable, a key for its rendered HTML.
    return [(top, tuple(replies.get(top.id, ()))) for top in tops]


def _placeholders(ids: set[int]) -> list[ShownReaction]:
    rows = db.session.execute(
        sa.select(Reaction.id, Reaction.created_at, Reaction.hidden_at).where(Reaction.id.in_(ids))
    ).all()
    return [
        ShownReaction(
            row.id,
            None,
            None,
            None,
            "",
            row.created_at,
            None,
            removed="verborgen" if row.hidden_at is not None else "verwijderd",
        )
        for row in rows
    ]


class ReactionTree:
    """The visible reactions of one object as (top, replies) pairs, read when first used.

    ``key`` says what the tree shows, for remembering its rendered section: the object's
    reactions version when its model keeps one (``versions.keep_reactions_version``), so a
    page remembered under that key reads no reactions at all; else the reactions themselves.
    """

    __slots__ = ("object_type", "object_id", "version", "_items")

    def __init__(
        self,
        object_type: str,
        object_id: int,
        version: int | None = None,
        empty: bool = False,
    ) -> None:
        self.object_type, self.object_id, self.version = object_type, object_id, version
        self._items: list[tuple[ShownReaction, tuple[ShownReaction, ...]]] | None = (
            [] if empty else None
        )

    @property
    def items(self) -> list[tuple[ShownReaction, tuple[ShownReaction, ...]]]:
        if self._items is None:
            self._items = reaction_tree(self.object_type, self.object_id)
        return self._items

    @property
    def key(self) -> tuple[Any, ...]:
        if self.version is not None:
            return ("versie", self.version)
        return tuple(self.items)

    def __iter__(self) -> Any:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def add_reaction(author: User, target: Any, body: str, parent_id: int | None = None) -> Reaction:
    if not has_capability(target.__object_type__, REACTABLE):
        raise RuntimeError(f"object type {target.__object_type__!r} is not reactable")
    if not target.can_react(author):
        raise InteractionError(_("U kunt hier nu niet reageren."))
    parent = None
    if parent_id:
        parent = db.session.get(Reaction, parent_id)
        if (
            parent is None
            or parent.object_type != target.__object_type__
            or parent.object_id != target.id
            or parent.hidden_at is not None
            or parent.deleted_at is not None
        ):
            raise InteractionError(_("De reactie waarop u antwoordt, bestaat niet meer."))
        if parent.parent_id is not None:
            parent = db.session.get(Reaction, parent.parent_id)  # one level of replies
    reaction = Reaction(
        object_type=target.__object_type__,
        object_id=target.id,
        parent_id=parent.id if parent is not None else None,
        author_id=author.id,
        body=clean_plain(body),
    )
    db.session.add(reaction)
    db.session.flush()
    _changed(target)
    notify_reaction(author, target, reaction, parent)
    return reaction


def notify_reaction(author: User, target: Any, reaction: Reaction, parent: Reaction | None) -> int:
    """Tell the author of the reaction that was answered ("antwoord") and the owner of the
    object (``target.reaction_owner()``, e.g. an idea's author: "reactie"), each as they chose
    (off, now or in the daily digest). Nobody is told about their own reaction, and nobody
    gets two mails about one reaction. Returns the mails queued."""
    from open_nijmegen.notifications.preferences import ANTWOORD, REACTIE, queue_kind_mail

    told: set[int] = {author.id}
    queued = 0
    context = {"target": target, "reaction": reaction, "author_name": author.display_name}
    reply_to = parent.author if parent is not None else None
    if reply_to is not None and reply_to.id not in told and reply_to.erased_at is None:
        told.add(reply_to.id)
        subject = _("Iemand antwoordde op uw reactie bij: %(title)s", title=target.object_title())
        queued += (
            queue_kind_mail(reply_to, ANTWOORD.key, "interactions/antwoord", subject, **context)
            is not None
        )
    owner_of = getattr(target, "reaction_owner", None)
    owner = owner_of() if owner_of is not None else None
    if owner is not None and owner.id not in told and owner.erased_at is None:
        subject = _("Nieuwe reactie op uw idee: %(title)s", title=target.object_title())
        queued += (
            queue_kind_mail(owner, REACTIE.key, "interactions/reactie", subject, **context)
            is not None
        )
    return queued


def edit_window() -> timedelta:
    return timedelta(minutes=int(get_setting("reacties.bewerken_minuten")))


def can_change_reaction(user: Any, reaction: Reaction) -> bool:
    return bool(
        user.is_authenticated
        and reaction.author_id == user.id
        and reaction.deleted_at is None
        and reaction.hidden_at is None
        and utcnow() - reaction.created_at <= edit_window()
    )


def edit_reaction(user: User, reaction: Reaction, body: str) -> None:
    if not can_change_reaction(user, reaction):
        raise InteractionError(_("U kunt deze reactie niet meer aanpassen."))
    reaction.body = clean_plain(body)
    reaction.edited_at = utcnow()


def delete_reaction(user: User, reaction: Reaction, target: Any) -> None:
    if not can_change_reaction(user, reaction):
        raise InteractionError(_("U kunt deze reactie niet meer verwijderen."))
    reaction.deleted_at = utcnow()
    db.session.flush()
    _changed(target)


def report(reporter: User, target: Any, reason: str, explanation: str) -> Report:
    existing = db.session.scalar(
        sa.select(Report).where(
            Report.object_type == target.__object_type__,
            Report.object_id == target.id,
            Report.reporter_id == reporter.id,
            Report.resolved_at.is_(None),
        )
    )
    if existing is not None:
        return existing
    item = Report(
        object_type=target.__object_type__,
        object_id=target.id,
        reporter_id=reporter.id,
        reason=reason,
        explanation=clean_plain(explanation),
    )
    db.session.add(item)
    db.session.flush()
    return item


def follow_row(user: Any, target: Any) -> Follow | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        sa.select(Follow).where(
            Follow.user_id == user.id,
            Follow.object_type == target.__object_type__,
            Follow.object_id == target.id,
        )
    )


def is_following(user: Any, target: Any) -> bool:
    row = follow_row(user, target)
    return bool(row is not None and row.active)


def set_follow(user: User, target: Any, active: bool) -> Follow:
    if not has_capability(target.__object_type__, FOLLOWABLE):
        raise RuntimeError(f"object type {target.__object_type__!r} is not followable")
    row = follow_row(user, target)
    if row is None:
        row = Follow(user_id=user.id, object_type=target.__object_type__, object_id=target.id)
        db.session.add(row)
    row.active = active
    db.session.flush()
    return row


def ensure_follow(user: User, target: Any) -> None:
    """Follow automatically (author, supporter) unless the user turned it off before."""
    if follow_row(user, target) is None:
        set_follow(user, target, True)


def unsubscribe_token(follow: Follow) -> str:
    return make_token("volgen-stoppen", {"f": follow.id, "u": follow.user_id})


def follow_for_token(token: str) -> Follow | None:
    data = read_token("volgen-stoppen", token, max_age=365 * 24 * 3600)
    if data is None:
        return None
    row = db.session.get(Follow, data.get("f"))
    if row is None or row.user_id != data.get("u"):
        return None
    return row


def notify_followers(target: Any, template: str, subject: Any, **context: Any) -> int:
    """Queue a mail for every active follower; daily-digest users get it bundled later.

    ``target`` may also be a list of objects (a beraad and one of its recommendations):
    someone who follows several of them gets one mail, about the first one they follow.
    """
    targets = target if isinstance(target, list | tuple) else [target]
    sent: set[int] = set()
    count = 0
    for item in targets:
        rows = db.session.execute(
            sa.select(Follow, User)
            .join(User, User.id == Follow.user_id)
            .where(
                Follow.object_type == item.__object_type__,
                Follow.object_id == item.id,
                Follow.active.is_(True),
                User.email.is_not(None),
                User.erased_at.is_(None),
            )
            .order_by(Follow.id)
        ).all()
        for follow, user in rows:
            if user.id in sent:
                continue
            sent.add(user.id)
            token = unsubscribe_token(follow)
            headers = {
                "List-Unsubscribe": f"<{external_url('interactions.unsubscribe', token=token)}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            }
            message = queue_mail(
                user,
                template,
                subject,
                digest_key="dagelijks" if user.digest_mode == "dagelijks" else None,
                headers=headers,
                target=item,
                unsubscribe_link=mail_url("interactions.unsubscribe", token=token),
                **context,
            )
            count += message is not None
    return count
