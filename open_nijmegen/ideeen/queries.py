"""Reads. ``public_ideas()`` is the one definition of what the public may see; every public
reader (list, search, detail, counts, home, mails, feeds, the API) starts from it."""

from __future__ import annotations

import base64
import binascii
import functools
import json
import time
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, ClassVar

import sqlalchemy as sa
from flask import url_for
from sqlalchemy import orm

from open_nijmegen.accounts.models import User
from open_nijmegen.core.db_requests import read_rows
from open_nijmegen.core.models import StatusChange, Upload
from open_nijmegen.core.uploads import Foto
from open_nijmegen.core.wijken import Wijk
from open_nijmegen.extensions import db
from open_nijmegen.ideeen.models import (
    STATUS_LABELS,
    Idee,
    IdeeStatus,
    Moderatie,
    Steun,
    Thema,
    Traject,
    fase_at,
    is_public_state,
    slug_for,
)
from open_nijmegen.ideeen.phases import Fase
from open_nijmegen.ideeen.search import matching_ids

PAGE_SIZE = 20


def public_condition() -> sa.ColumnElement[bool]:
    """Published, not hidden, not withdrawn, not merged into another idea."""
    return sa.and_(
        # A constant in the SQL text (not a bound value), so PostgreSQL can keep one generic
        # plan per prepared statement instead of planning every public read again.
        Idee.moderatie
        == sa.literal(Moderatie.GOEDGEKEURD, Idee.moderatie.type, literal_execute=True),
        Idee.published_at.is_not(None),
        Idee.hidden_at.is_(None),
        Idee.withdrawn_at.is_(None),
        Idee.merged_into_id.is_(None),
    )


def public_ideas() -> sa.Select[tuple[Idee]]:
    return sa.select(Idee).where(public_condition())


# ORM readers of many ideas (the API) load the author's display name only: no roles, work
# areas or image rows.
LIST_LOADING = (
    orm.joinedload(Idee.author).options(
        orm.load_only(User.id, User.display_name, User.erased_at),
        orm.lazyload(User.work_areas),
    ),
    orm.lazyload(Idee.image),
)


@functools.cache
def _page_select(public_only: bool, with_traject: bool) -> sa.Select[tuple[Idee]]:
    """The idea query, built once: the idea with its author's name and (``with_traject``,
    for the actions, which check the phase) its traject's phases. Pages take wijk, thema and
    traject from the reference cache (``wijk_ref``, ``thema_names``, ``traject_info``)."""
    stmt = public_ideas() if public_only else sa.select(Idee)
    traject = (
        orm.joinedload(Idee.traject).joinedload(Traject.fases)
        if with_traject
        else orm.lazyload(Idee.traject)
    )
    return stmt.where(Idee.id == sa.bindparam("idee_id")).options(
        orm.joinedload(Idee.author).options(
            orm.load_only(User.id, User.display_name, User.erased_at),
            orm.lazyload(User.work_areas),
        ),
        traject,
        orm.lazyload(Idee.wijk),
        orm.lazyload(Idee.thema),
        orm.lazyload(Idee.image),
    )


def idea_for_page(idee_id: int, public_only: bool = True, with_traject: bool = True) -> Idee | None:
    """An idea from ``public_ideas()``, or (``public_only=False``, for its author and
    officers) any idea; the view checks who may see a non-public one."""
    stmt = _page_select(public_only, with_traject)
    return db.session.scalars(stmt, {"idee_id": idee_id}).unique().one_or_none()


@dataclass(frozen=True, slots=True)
class IdeePagina:
    """A public idea as its page shows it: plain values from one Core statement, no ORM
    object (loading one costs more than the query). The page of an idea that is not public
    (for its author and officers) gets the ORM ``Idee``; the template, the permissions and the
    shared building blocks read the same names from both."""

    __object_type__: ClassVar[str] = "idee"

    id: int
    traject_id: int
    author_id: int | None
    titel: str
    tekst: str
    wijk_id: int
    thema_id: int
    adres: str | None
    lat: float | None
    lon: float | None
    image_id: int | None
    moderatie: Moderatie
    published_at: datetime | None
    status: IdeeStatus
    answered_at: datetime | None
    withdrawn_at: datetime | None
    merged_into_id: int | None
    hidden_at: datetime | None
    support_count: int
    reaction_count: int
    reacties_versie: int
    author_name: str | None  # None without an author or after erasure

    is_public = property(is_public_state)
    status_label = Idee.status_label
    slug = Idee.slug
    object_url = Idee.object_url

    @property
    def image(self) -> Upload | None:
        """Read when shown (the idea's text part of the page is rendered once per content)."""
        return db.session.get(Upload, self.image_id) if self.image_id is not None else None


PAGE_COLUMNS = tuple(f.name for f in fields(IdeePagina) if f.name != "author_name")


@functools.cache
def _public_page_select() -> sa.Select[Any]:
    return (
        sa.select(*(Idee.__table__.c[name] for name in PAGE_COLUMNS), User.display_name)
        .outerjoin(User, sa.and_(User.id == Idee.author_id, User.erased_at.is_(None)))
        .where(public_condition(), Idee.id == sa.bindparam("idee_id"))
    )


def public_idea_page(idee_id: int) -> IdeePagina | None:
    """The page of a public idea, in one statement (with its author's display name)."""
    row = read_rows(_public_page_select(), {"idee_id": idee_id}).first()
    return IdeePagina(*row) if row is not None else None


@dataclass(frozen=True, slots=True)
class TrajectInfo:
    """A traject and its phase dates as plain values, safe to keep between requests."""

    id: int
    titel: str
    slug: str
    doorlopend: bool
    fases: tuple[tuple[Fase, datetime], ...]
    samenvatting: str = ""
    afbeelding: Foto | None = None  # its image

    def fase_op(self, moment: datetime | None = None) -> Fase:
        return fase_at(self.doorlopend, self.fases, moment)

    def object_url(self, _external: bool = False) -> str:
        return url_for("projecten.detail", traject_id=self.id, slug=self.slug, _external=_external)

    def image_url(self) -> str | None:
        return self.afbeelding.src if self.afbeelding is not None else None


def _load_traject_infos() -> dict[int, TrajectInfo]:
    stmt = (
        sa.select(Traject, Upload.stored_name, Upload.width, Upload.height)
        .outerjoin(Upload, Upload.id == Traject.afbeelding_id)
        .options(orm.selectinload(Traject.fases))
    )
    return {
        t.id: TrajectInfo(
            t.id,
            t.titel,
            t.slug,
            t.doorlopend,
            tuple((f.fase, f.begint_op) for f in t.fases),
            t.samenvatting,
            Foto(t.afbeelding_id, stored, width, height) if stored else None,
        )
        for t, stored, width, height in db.session.execute(stmt)
    }


def traject_infos() -> list[TrajectInfo]:
    """Every traject from the reference cache: the standing one first, then by title."""
    found = _cached("traject_infos", _load_traject_infos).values()
    return sorted(found, key=lambda t: (not t.doorlopend, t.titel))


def traject_info(traject_id: int) -> TrajectInfo:
    """A traject from the reference cache (at most REFERENCE_TTL seconds old; cleared when an
    officer saves a traject). The phase it gives is exact in time: the dates are cached, the
    moment is not."""
    found = _cached("traject_infos", _load_traject_infos).get(traject_id)
    if found is None:  # added in the last seconds: read them again
        clear_reference_cache()
        found = _cached("traject_infos", _load_traject_infos)[traject_id]
    return found


def public_idea(idee_id: int) -> Idee | None:
    return db.session.scalar(public_ideas().where(Idee.id == idee_id))


# -- the list: filters, sorts, keyset pagination -------------------------------------------

SORTS: dict[str, Any] = {
    "nieuw": Idee.published_at,
    "steun": Idee.support_count,
    "reacties": Idee.reaction_count,
    "beantwoord": Idee.answered_at,
}


@dataclass
class ListFilter:
    wijk_id: int | None = None
    thema_id: int | None = None
    status: IdeeStatus | None = None
    traject_id: int | None = None
    q: str = ""
    sort: str = "nieuw"
    with_location: bool = False  # only ideas with a point (the map)


@dataclass(frozen=True, slots=True)
class Kaart:
    """What a list, the home page or a feed shows of one public idea: plain values, no ORM
    object. Frozen and hashable, so a rendered card can be memoised on exactly these values."""

    id: int
    titel: str
    begin: str  # the first TEXT_START characters of the text: enough for any excerpt
    wijk: str
    thema: str
    status: IdeeStatus
    support_count: int
    reaction_count: int
    published_at: datetime
    answered_at: datetime | None
    updated_at: datetime
    author: str | None  # display name; None without an author or after erasure
    image: Foto | None = None  # its photo
    lat: float | None = None
    lon: float | None = None

    def image_url(self) -> str | None:
        return self.image.src if self.image is not None else None

    @property
    def slug(self) -> str:
        return slug_for(self.titel)

    @property
    def status_label(self) -> Any:
        return STATUS_LABELS[self.status]

    def object_url(self, _external: bool = False) -> str:
        return url_for("ideeen.detail", idee_id=self.id, slug=self.slug, _external=_external)


TEXT_START = 600


MAP_SIZE = 500  # ideas on the map at most (the newest with a point)


@functools.cache
def _card_select(
    sort: str, filters: frozenset[str], after: bool, limit: int, located: bool = False
) -> sa.Select[Any]:
    """The list query for one shape of filters, built once per process. Values are bound
    parameters, so SQLAlchemy compiles each shape once and PostgreSQL can prepare it."""
    column = SORTS[sort]
    stmt = (
        sa.select(
            Idee.id,
            Idee.titel,
            sa.func.substr(Idee.tekst, sa.literal_column("1"), sa.literal_column(str(TEXT_START))),
            Idee.wijk_id,
            Idee.thema_id,
            Idee.status,
            Idee.support_count,
            Idee.reaction_count,
            Idee.published_at,
            Idee.answered_at,
            Idee.updated_at,
            User.display_name,
            User.erased_at,
            Idee.image_id,
            Upload.stored_name,
            Idee.lat,
            Idee.lon,
            Upload.width,
            Upload.height,
        )
        .outerjoin(User, User.id == Idee.author_id)
        .outerjoin(Upload, Upload.id == Idee.image_id)
        .where(public_condition())
    )
    if located:
        stmt = stmt.where(Idee.lat.is_not(None))
    for name in sorted(filters):
        stmt = stmt.where(getattr(Idee, name) == sa.bindparam(name))
    if sort == "beantwoord":
        stmt = stmt.where(Idee.answered_at.is_not(None))
    if after:
        stmt = stmt.where(
            sa.tuple_(column, Idee.id)
            < sa.tuple_(sa.bindparam("after_value", type_=column.type), sa.bindparam("after_id"))
        )
    # Constants are written into the SQL, not bound: PostgreSQL then keeps one generic plan
    # for the prepared statement instead of planning it again on every request.
    return stmt.order_by(column.desc(), Idee.id.desc()).limit(sa.literal_column(str(int(limit))))


def _cards(stmt: sa.Select[Any], params: dict[str, Any]) -> list[Kaart]:
    cards = []
    for row in read_rows(stmt, params):
        cards.append(
            Kaart(
                *row[:3],
                wijk_ref(row[3]).naam,
                thema_name(row[4]),
                *row[5:11],
                row[11] if row[11] is not None and row[12] is None else None,
                Foto(row[13], row[14], row[17], row[18])
                if row[13] is not None and row[14]
                else None,
                row[15],
                row[16],
            )
        )
    return cards


def encode_cursor(sort: str, idee: Kaart | Idee) -> str:
    value = getattr(idee, SORTS[sort].key)
    if isinstance(value, datetime):
        value = value.isoformat()
    raw = json.dumps([value, idee.id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(sort: str, cursor: str | None) -> tuple[Any, int] | None:
    """The (value, id) after which the page starts; None for a bad or missing cursor."""
    if not cursor or len(cursor) > 200:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value, idee_id = json.loads(raw)
        if not isinstance(idee_id, int):
            return None
        if sort in ("nieuw", "beantwoord"):
            value = datetime.fromisoformat(value)
            if value.tzinfo is None:
                return None
        elif not isinstance(value, int):
            return None
    except (ValueError, TypeError, binascii.Error, json.JSONDecodeError):
        return None
    return value, idee_id


def idea_list(
    filters: ListFilter, cursor: str | None = None, page_size: int | None = None
) -> tuple[list[Kaart], str | None]:
    """One page of public ideas and the cursor of the next page (None on the last page).

    The cost does not grow with the page number: each page seeks in an index on
    (sort column, id) instead of counting or skipping rows.
    """
    page_size = page_size or PAGE_SIZE
    sort = filters.sort if filters.sort in SORTS else "nieuw"
    params: dict[str, Any] = {
        name: value
        for name, value in (
            ("wijk_id", filters.wijk_id),
            ("thema_id", filters.thema_id),
            ("status", filters.status),
            ("traject_id", filters.traject_id),
        )
        if value
    }
    after = decode_cursor(sort, cursor)
    if after is not None:
        params["after_value"], params["after_id"] = after
    stmt = _card_select(sort, frozenset(params) - {"after_value", "after_id"}, after is not None,
                        page_size + 1, filters.with_location)  # fmt: skip
    search = matching_ids(db.engine.dialect.name, filters.q)
    if search is not None:
        stmt = stmt.where(search)
    rows = _cards(stmt, params)
    next_cursor = encode_cursor(sort, rows[page_size - 1]) if len(rows) > page_size else None
    return rows[:page_size], next_cursor


def latest_public(limit: int = 3) -> list[Kaart]:
    return _cards(_card_select("nieuw", frozenset(), False, limit), {})


MAX_COUNTS = 1000


def list_count(filters: ListFilter) -> int:
    """How many public ideas match the list's filters, at most REFERENCE_TTL seconds old (an
    exact count on every list page would cost more than the page). Kept per filter, bounded."""
    key = ("aantal", filters.wijk_id, filters.thema_id, filters.status, filters.traject_id,
           filters.q, filters.with_location)  # fmt: skip
    hit = _reference.get(key)
    if hit is not None and time.monotonic() - hit[0] < REFERENCE_TTL:
        return int(hit[1])
    if len(_reference) > MAX_COUNTS:
        clear_reference_cache()
    stmt = sa.select(sa.func.count()).select_from(Idee).where(public_condition())
    for name in ("wijk_id", "thema_id", "status", "traject_id"):
        if getattr(filters, name):
            stmt = stmt.where(getattr(Idee, name) == getattr(filters, name))
    if filters.with_location:
        stmt = stmt.where(Idee.lat.is_not(None))
    search = matching_ids(db.engine.dialect.name, filters.q)
    if search is not None:
        stmt = stmt.where(search)
    value = int(db.session.scalar(stmt) or 0)
    _reference[key] = (time.monotonic(), value)
    return value


def latest_answered(limit: int = 3) -> list[Kaart]:
    """The public ideas that got an official answer last (the list's "Laatst beantwoord")."""
    return _cards(_card_select("beantwoord", frozenset(), False, limit), {})


@dataclass(frozen=True)
class Cijfers:
    ideas: int
    supporters: int  # different accounts that support at least one public idea
    answered: int


def _load_cijfers() -> Cijfers:
    ideas, answered = db.session.execute(
        sa.select(sa.func.count(), sa.func.count(Idee.answered_at)).where(public_condition())
    ).one()
    supporters = db.session.scalar(
        sa.select(sa.func.count(sa.distinct(Steun.user_id)))
        .join(Idee, Idee.id == Steun.idee_id)
        .where(public_condition())
    )
    return Cijfers(int(ideas or 0), int(supporters or 0), int(answered or 0))


def cijfers() -> Cijfers:
    """The home page's figures, at most REFERENCE_TTL seconds old (counting every public idea
    on every home page would cost more than the rest of the page)."""
    return _cached("cijfers", _load_cijfers)


def public_count(**filters: Any) -> int:
    stmt = sa.select(sa.func.count()).select_from(Idee).where(public_condition())
    for key, value in filters.items():
        stmt = stmt.where(getattr(Idee, key) == value)
    return int(db.session.scalar(stmt) or 0)


def public_history(idee: Idee) -> list[StatusChange]:
    return list(
        db.session.scalars(
            sa.select(StatusChange)
            .where(
                StatusChange.object_type == "idee",
                StatusChange.object_id == idee.id,
                StatusChange.is_public.is_(True),
            )
            .order_by(StatusChange.id)
        )
    )


def full_history(idee: Idee) -> list[StatusChange]:
    return list(
        db.session.scalars(
            sa.select(StatusChange)
            .where(StatusChange.object_type == "idee", StatusChange.object_id == idee.id)
            .order_by(StatusChange.id)
        )
    )


# -- reference data: small, rarely changed; cached per process for a short time --------------

REFERENCE_TTL = 30.0
_reference: dict[Any, tuple[float, Any]] = {}


@dataclass(frozen=True)
class Ref:
    """A plain copy of a wijk, thema or traject, safe to keep between requests."""

    id: int
    naam: str
    extra: str = ""


def _cached(key: str, load: Any) -> Any:
    now = time.monotonic()
    hit = _reference.get(key)
    if hit is not None and now - hit[0] < REFERENCE_TTL:
        return hit[1]
    value = load()
    _reference[key] = (now, value)
    _loads[0] += 1
    return value


_loads = [0]


def reference_generation() -> int:
    """Goes up whenever reference data is read again: part of the key of anything rendered
    from it (the filter fields of the list)."""
    return _loads[0]


def clear_reference_cache() -> None:
    _reference.clear()


def wijk_refs() -> dict[int, Ref]:
    """Every wijk by id, active or not (old ideas keep theirs), with its stadsdeel."""
    return _cached(
        "wijk_refs",
        lambda: {w.id: Ref(w.id, w.naam, w.stadsdeel) for w in db.session.scalars(sa.select(Wijk))},
    )


def wijk_ref(wijk_id: int) -> Ref:
    found = wijk_refs().get(wijk_id)
    if found is None:  # added in the last seconds: read them again
        clear_reference_cache()
        found = wijk_refs().get(wijk_id, Ref(wijk_id, ""))
    return found


def thema_names() -> dict[int, str]:
    return _cached(
        "thema_names",
        lambda: {row.id: row.naam for row in db.session.execute(sa.select(Thema.id, Thema.naam))},
    )


def thema_name(thema_id: int) -> str:
    found = thema_names().get(thema_id)
    if found is None:  # added in the last seconds: read them again
        clear_reference_cache()
        found = thema_names().get(thema_id, "")
    return found


def wijk_choices() -> list[Ref]:
    return _cached("wijken", lambda: [Ref(w.id, w.naam, w.stadsdeel) for w in active_wijken()])


def thema_choices() -> list[Ref]:
    return _cached("themas", lambda: [Ref(t.id, t.naam) for t in active_themas()])


def traject_choices() -> list[Ref]:
    """Trajecten as (id, titel, slug)."""
    return [Ref(t.id, t.titel, t.slug) for t in traject_infos()]  # same cache, same order


def active_wijken() -> list[Wijk]:
    return list(
        db.session.scalars(
            sa.select(Wijk).where(Wijk.actief.is_(True)).order_by(Wijk.stadsdeel, Wijk.naam)
        )
    )


def active_themas() -> list[Thema]:
    return list(
        db.session.scalars(sa.select(Thema).where(Thema.actief.is_(True)).order_by(Thema.naam))
    )


def all_wijken() -> list[Wijk]:
    return list(db.session.scalars(sa.select(Wijk).order_by(Wijk.stadsdeel, Wijk.naam)))


def all_themas() -> list[Thema]:
    return list(db.session.scalars(sa.select(Thema).order_by(Thema.naam)))


def trajecten() -> list[Traject]:
    return list(
        db.session.scalars(sa.select(Traject).order_by(Traject.doorlopend.desc(), Traject.titel))
    )


def standing_traject() -> Traject | None:
    return db.session.scalar(
        sa.select(Traject).where(Traject.doorlopend.is_(True)).order_by(Traject.id)
    )


def traject_by_slug(slug: str) -> Traject | None:
    return db.session.scalar(sa.select(Traject).where(Traject.slug == slug))


def open_trajecten() -> list[Traject]:
    """Trajecten in which a new idea can be posted now."""
    from open_nijmegen.ideeen.phases import Actie, allowed

    return [t for t in trajecten() if allowed(t.fase_op(), Actie.INDIENEN)]


# -- staff -----------------------------------------------------------------------------------


def waiting_for_moderation(limit: int = 200) -> list[Idee]:
    stmt = (
        sa.select(Idee)
        .where(
            Idee.moderatie == Moderatie.WACHT,
            Idee.withdrawn_at.is_(None),
            Idee.merged_into_id.is_(None),
        )
        .order_by(Idee.created_at, Idee.id)
        .limit(limit)
    )
    return list(db.session.scalars(stmt).unique())


def waiting_count() -> int:
    return int(
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Idee)
            .where(Idee.moderatie == Moderatie.WACHT, Idee.withdrawn_at.is_(None))
        )
        or 0
    )


def answer_due_condition() -> sa.ColumnElement[bool]:
    """Reached the threshold and has had no official answer since."""
    return sa.and_(
        public_condition(),
        Idee.answer_due_at.is_not(None),
        sa.or_(Idee.answered_at.is_(None), Idee.answered_at < Idee.threshold_reached_at),
    )


def answers_due(limit: int = 500) -> list[Idee]:
    stmt = (
        sa.select(Idee)
        .where(answer_due_condition())
        .order_by(Idee.answer_due_at, Idee.id)
        .limit(limit)
    )
    return list(db.session.scalars(stmt).unique())


def answers_due_counts(now: datetime) -> tuple[int, int]:
    """(due, overdue) numbers for the dashboard."""
    due = int(
        db.session.scalar(
            sa.select(sa.func.count()).select_from(Idee).where(answer_due_condition())
        )
        or 0
    )
    overdue = int(
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Idee)
            .where(answer_due_condition(), Idee.answer_due_at < now)
        )
        or 0
    )
    return due, overdue


def staff_list(state: str, cursor_id: int | None, page_size: int = 50) -> list[Idee]:
    """All ideas for officers, newest first, by state; keyset on id."""
    stmt = sa.select(Idee)
    if state == "openbaar":
        stmt = stmt.where(public_condition())
    elif state == "wacht":
        stmt = stmt.where(Idee.moderatie == Moderatie.WACHT)
    elif state == "verborgen":
        stmt = stmt.where(Idee.hidden_at.is_not(None))
    elif state == "ingetrokken":
        stmt = stmt.where(Idee.withdrawn_at.is_not(None))
    elif state == "samengevoegd":
        stmt = stmt.where(Idee.merged_into_id.is_not(None))
    elif state == "afgewezen":
        stmt = stmt.where(Idee.moderatie == Moderatie.AFGEWEZEN)
    if cursor_id:
        stmt = stmt.where(Idee.id < cursor_id)
    return list(db.session.scalars(stmt.order_by(Idee.id.desc()).limit(page_size)).unique())


def export_rows() -> sa.Select[Any]:
    """Every idea with its counts, for the CSV export (no personal data)."""
    return (
        sa.select(
            Idee.id,
            Idee.titel,
            Traject.titel.label("traject"),
            Wijk.naam.label("wijk"),
            Wijk.stadsdeel,
            Thema.naam.label("thema"),
            Idee.moderatie,
            Idee.status,
            Idee.hidden_at,
            Idee.withdrawn_at,
            Idee.merged_into_id,
            Idee.published_at,
            Idee.answered_at,
            Idee.answer_due_at,
            Idee.support_count,
            Idee.reaction_count,
        )
        .join(Traject, Traject.id == Idee.traject_id)
        .join(Wijk, Wijk.id == Idee.wijk_id)
        .join(Thema, Thema.id == Idee.thema_id)
        .order_by(Idee.id)
    )
