"""The API's reads. Each starts from its module's one "what is public" query
(``public_ideas()``, ``visible_reactions_query()``, ``public_challenges()``,
``public_beraden()``), so the API cannot show more than the pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm

from open_nijmegen.core.interactions.services import visible_reactions_query
from open_nijmegen.core.models import Reaction, StatusChange
from open_nijmegen.extensions import db
from open_nijmegen.ideeen import queries as ideeen_queries
from open_nijmegen.ideeen.models import Idee, IdeeStatus
from open_nijmegen.inwonersberaad import queries as ib_queries
from open_nijmegen.inwonersberaad.models import Aanbeveling, Beraad, Dossierstuk, Fase, Voortgang
from open_nijmegen.uitdaagrecht.models import Uitdaging
from open_nijmegen.uitdaagrecht.queries import PublicChallenge, public_challenges
from open_nijmegen.uitdaagrecht.workflow import Status


def newest(column: Any) -> datetime | None:
    """The newest change of a whole table, for Last-Modified of a collection: a hidden or
    withdrawn item leaves the list, so the newest visible item alone would not do."""
    return db.session.scalar(sa.select(sa.func.max(column)))


# -- ideeën ----------------------------------------------------------------------------------


def ideas_stmt(args: dict[str, Any]) -> sa.Select[tuple[Idee]]:
    stmt = ideeen_queries.public_ideas()
    if args.get("wijk"):
        stmt = stmt.where(Idee.wijk_id == args["wijk"])
    if args.get("thema"):
        stmt = stmt.where(Idee.thema_id == args["thema"])
    if args.get("status"):
        stmt = stmt.where(Idee.status == IdeeStatus(args["status"]))
    if args.get("traject"):
        chosen = next(
            (t for t in ideeen_queries.traject_choices() if t.extra == args["traject"]), None
        )
        stmt = stmt.where(Idee.traject_id == (chosen.id if chosen else -1))
    if args.get("updated_since"):
        stmt = stmt.where(Idee.updated_at >= args["updated_since"])
    return stmt.options(*ideeen_queries.LIST_LOADING, orm.joinedload(Idee.traject))


def ideas_page(args: dict[str, Any], limit: int) -> list[Idee]:
    """Keyset on id, ascending: a new idea gets a higher id, so a reader who pages through
    while ideas are added sees every idea that existed when they started exactly once."""
    stmt = ideas_stmt(args).order_by(Idee.id).limit(limit + 1)
    if args.get("cursor"):
        stmt = stmt.where(Idee.id > args["cursor"])
    return list(db.session.scalars(stmt).unique())


def all_ideas(args: dict[str, Any]) -> list[Idee]:
    return list(db.session.scalars(ideas_stmt(args).order_by(Idee.id)).unique())


def public_idea(idee_id: int) -> Idee | None:
    return (
        db.session.scalars(
            ideas_stmt({}).where(Idee.id == idee_id).options(orm.joinedload(Idee.traject))
        )
        .unique()
        .one_or_none()
    )


def public_history(idee: Idee) -> list[StatusChange]:
    return ideeen_queries.public_history(idee)


def public_status_changes(limit: int = 50) -> list[tuple[StatusChange, Idee]]:
    """The newest public status changes (official answers) of public ideas."""
    public_ids = ideeen_queries.public_ideas().with_only_columns(Idee.id)
    rows = db.session.execute(
        sa.select(StatusChange, Idee)
        .join(
            Idee,
            sa.and_(StatusChange.object_type == "idee", StatusChange.object_id == Idee.id),
        )
        .where(StatusChange.is_public.is_(True), Idee.id.in_(public_ids))
        .order_by(StatusChange.created_at.desc(), StatusChange.id.desc())
        .limit(limit)
    ).all()
    return [(row[0], row[1]) for row in rows]


def visible_reactions(idee: Idee) -> list[Reaction]:
    """Published reactions as the page shows them: a reply only under a visible reaction."""
    rows = list(db.session.scalars(visible_reactions_query("idee", idee.id)).unique())
    visible_ids = {r.id for r in rows}
    rows = [r for r in rows if r.parent_id is None or r.parent_id in visible_ids]
    return sorted(rows, key=lambda r: r.id)


# -- uitdaagrecht ----------------------------------------------------------------------------


def challenges(args: dict[str, Any]) -> list[tuple[PublicChallenge, list[Any], datetime]]:
    """The public register, oldest reference first, with status history (statuses and
    dates) and the last change of each entry."""
    register = public_challenges()
    if args.get("status"):
        register = [c for c in register if c.status == Status(args["status"])]
    refs = [c.referentie for c in register]
    if not refs:
        return []
    updated = dict(
        db.session.execute(
            sa.select(Uitdaging.referentie, Uitdaging.updated_at).where(
                Uitdaging.referentie.in_(refs)
            )
        ).all()
    )
    history: dict[str, list[Any]] = {}
    for ref, row in db.session.execute(
        sa.select(Uitdaging.referentie, StatusChange)
        .join(
            StatusChange,
            sa.and_(
                StatusChange.object_type == "uitdaging", StatusChange.object_id == Uitdaging.id
            ),
        )
        .where(Uitdaging.referentie.in_(refs), StatusChange.is_public.is_(True))
        .order_by(StatusChange.id)
    ).all():
        history.setdefault(ref, []).append(row)
    out = [(c, history.get(c.referentie, []), updated[c.referentie]) for c in register]
    if args.get("updated_since"):
        out = [entry for entry in out if entry[2] >= args["updated_since"]]
    out.sort(key=lambda entry: entry[0].referentie)
    if args.get("cursor"):
        out = [entry for entry in out if entry[0].referentie > args["cursor"]]
    return out


def challenges_last_modified() -> datetime | None:
    return newest(Uitdaging.updated_at)


# -- inwonersberaad --------------------------------------------------------------------------


def beraden_stmt(args: dict[str, Any]) -> sa.Select[tuple[Beraad]]:
    stmt = ib_queries.public_beraden().order_by(None)
    if args.get("fase"):
        stmt = stmt.where(Beraad.fase == Fase(args["fase"]))
    since = args.get("updated_since")
    if since:
        stmt = stmt.where(
            sa.or_(
                Beraad.updated_at >= since,
                sa.exists().where(
                    Aanbeveling.beraad_id == Beraad.id, Aanbeveling.updated_at >= since
                ),
                sa.exists().where(
                    Aanbeveling.beraad_id == Beraad.id,
                    Voortgang.aanbeveling_id == Aanbeveling.id,
                    Voortgang.datum >= since,
                ),
                sa.exists().where(
                    Dossierstuk.beraad_id == Beraad.id, Dossierstuk.openbaar_op >= since
                ),
            )
        )
    return stmt


def beraden_page(args: dict[str, Any], limit: int) -> list[Beraad]:
    stmt = beraden_stmt(args).order_by(Beraad.id).limit(limit + 1)
    if args.get("cursor"):
        stmt = stmt.where(Beraad.id > args["cursor"])
    return list(db.session.scalars(stmt))


def all_beraden(args: dict[str, Any]) -> list[Beraad]:
    return list(db.session.scalars(beraden_stmt(args).order_by(Beraad.id)))


def public_beraad(beraad_id: int) -> Beraad | None:
    return db.session.scalar(ib_queries.public_beraden().where(Beraad.id == beraad_id))


def beraad_parts(beraad: Beraad) -> tuple[dict[str, datetime], list[Dossierstuk]]:
    return ib_queries.fase_historie(beraad), ib_queries.public_stukken(beraad)


def beraden_last_modified() -> datetime | None:
    moments = [
        newest(Beraad.updated_at),
        newest(Aanbeveling.updated_at),
        newest(Voortgang.datum),
        newest(Dossierstuk.updated_at),
    ]
    known = [m for m in moments if m is not None]
    return max(known) if known else None
