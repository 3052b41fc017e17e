"""Fewer duplicates: while a resident writes a new idea, the published ideas that look like
it (the full-text search on title and text), each with a way to support it instead.

Only public ideas (``queries.public_condition``), never the resident's own. Shown on the
preview (works without JavaScript) and, with JavaScript, live under the title field through
the read-only fragment ``ideeen.lijkt_op``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import url_for

from open_nijmegen.core.db_requests import read_rows
from open_nijmegen.extensions import db
from open_nijmegen.ideeen import permissions, queries
from open_nijmegen.ideeen.models import Idee, Steun, slug_for
from open_nijmegen.ideeen.search import similar_matches, similar_words

MAX_SIMILAR = 5


@dataclass(frozen=True, slots=True)
class Gelijkend:
    """One similar public idea, as the list shows it."""

    id: int
    titel: str
    wijk: str
    support_count: int
    traject_id: int
    author_id: int | None
    supported: bool = False  # by the resident who is writing
    can_support: bool = False

    is_public = True  # only public ideas are ever made into one (for the permission checks)

    @property
    def slug(self) -> str:
        return slug_for(self.titel)

    def object_url(self) -> str:
        return url_for("ideeen.detail", idee_id=self.id, slug=self.slug)


def similar_ideas(
    user: Any, titel: str, tekst: str = "", limit: int = MAX_SIMILAR
) -> list[Gelijkend]:
    """At most ``limit`` public ideas like this title and text, the most alike first."""
    words = similar_words(titel or "", tekst or "")
    if not words:
        return []
    matches = similar_matches(db.engine.dialect.name, words)
    stmt = (
        sa.select(
            Idee.id, Idee.titel, Idee.wijk_id, Idee.support_count, Idee.traject_id, Idee.author_id
        )
        .join(matches, matches.c.id == Idee.id)
        .where(queries.public_condition())
        .order_by(matches.c.score.desc(), Idee.id.desc())
        .limit(max(1, min(limit, MAX_SIMILAR)))
    )
    user_id = user.id if getattr(user, "is_authenticated", False) else None
    if user_id is not None:
        stmt = stmt.where(sa.or_(Idee.author_id.is_(None), Idee.author_id != user_id))
    rows = list(read_rows(stmt))
    supported: set[int] = set()
    if user_id is not None and rows:
        supported = set(
            db.session.scalars(
                sa.select(Steun.idee_id).where(
                    Steun.user_id == user_id, Steun.idee_id.in_([row.id for row in rows])
                )
            )
        )
    found = []
    for row in rows:
        plain = Gelijkend(row.id, row.titel, queries.wijk_ref(row.wijk_id).naam,
                          row.support_count, row.traject_id, row.author_id)  # fmt: skip
        found.append(
            Gelijkend(
                plain.id,
                plain.titel,
                plain.wijk,
                plain.support_count,
                plain.traject_id,
                plain.author_id,
                plain.id in supported,
                permissions.can_support(user, plain),
            )  # fmt: skip
        )
    return found
