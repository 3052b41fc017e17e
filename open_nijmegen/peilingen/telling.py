"""Counting a peiling's finished responses in the database (issue 18 quality: the results of
50,000 responses without seconds of Python): one query gives, per wijk, age group, question
and answer, how many responses gave it; one more gives the responses per wijk and age group
(for the weighting) and how many came on paper. No response leaves the database, only these
counts. Raking weights depend only on a respondent's wijk and age group, so the weighted
figures follow from the same counts exactly.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from open_nijmegen.extensions import db
from open_nijmegen.peilingen.models import Inzending

Cel = tuple[str | None, str | None]  # (wijk, age group) a respondent chose, or None


@dataclass
class Telling:
    cellen: dict[Cel, int] = field(default_factory=dict)  # finished responses per cell
    papier: int = 0
    # question id (text) -> [(cell, answer, count)]; the answer as stored (option id, list of
    # option ids, number). The same answer may come more than once (written differently).
    antwoorden: dict[str, list[tuple[Cel, Any, int]]] = field(
        default_factory=lambda: defaultdict(list)
    )

    @property
    def n(self) -> int:
        return sum(self.cellen.values())


def _value(raw: Any) -> Any:
    # PostgreSQL's json_each_text gives text ('3', '[3, 5]'); SQLite's json_each gives a
    # number as a number and an array as its JSON text.
    return json.loads(raw) if isinstance(raw, str) else raw


def tel(peiling_id: int) -> Telling:
    finished = sa.and_(Inzending.peiling_id == peiling_id, Inzending.af.is_(True))
    out = Telling()
    for wijk, age, count, paper in db.session.execute(
        sa.select(
            Inzending.wijk,
            Inzending.leeftijd,
            sa.func.count(),
            sa.func.count(Inzending.paper_form_id),
        )
        .where(finished)
        .group_by(Inzending.wijk, Inzending.leeftijd)
    ):
        out.cellen[(wijk, age)] = int(count)
        out.papier += int(paper)
    dialect = db.session.get_bind().dialect.name
    each_fn = sa.func.json_each_text if dialect == "postgresql" else sa.func.json_each
    each = each_fn(Inzending.antwoorden).table_valued("key", "value").alias("antwoord")
    stmt = (
        sa.select(Inzending.wijk, Inzending.leeftijd, each.c.key, each.c.value, sa.func.count())
        .select_from(Inzending)
        .join(each, sa.true())
        .where(finished)
        .group_by(Inzending.wijk, Inzending.leeftijd, each.c.key, each.c.value)
    )
    for wijk, age, key, raw, count in db.session.execute(stmt):
        out.antwoorden[str(key)].append(((wijk, age), _value(raw), int(count)))
    return out
