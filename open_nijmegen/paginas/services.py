"""Reading and changing pages. A page that no officer changed yet is its shipped text; the first
save stores that text as version 1 (no author) and the change as version 2."""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from open_nijmegen.core.audit import record_audit
from open_nijmegen.core.db import utcnow
from open_nijmegen.extensions import db
from open_nijmegen.paginas.models import Pagina, PaginaVersie

STANDAARD = Path(__file__).parent / "standaard"


@dataclass(frozen=True)
class Vast:
    """A page the site ships with: fixed address, cannot be removed."""

    slug: str
    titel: str
    endpoint: str  # where residents read it
    uitleg: Any  # B1 line for the officer: where the text appears


VASTE_PAGINAS = {
    p.slug: p
    for p in (
        Vast("home", "Denk en doe mee met Nijmegen", "core.home",
             _l("De kop en de tekst bovenaan de startpagina.")),
        Vast("over", "Over deze site", "core.over", _l("De pagina Over deze site.")),
        Vast("privacy", "Privacy", "core.privacy",
             _l("Het begin van de privacyverklaring. De bewaartermijnen en uw rechten daaronder "
                "maakt de site zelf: die volgen de instellingen.")),
        Vast("toegankelijkheid", "Toegankelijkheid", "core.toegankelijkheid",
             _l("De pagina over toegankelijkheid.")),
    )
}  # fmt: skip

# Addresses that a new page may not take (they are the fixed pages or look like them).
GERESERVEERD = frozenset(VASTE_PAGINAS) | {"nieuw", "beheer"}


@dataclass(frozen=True)
class Tekst:
    slug: str
    titel: str
    tekst: str
    nummer: int
    gewijzigd_op: datetime | None  # None: the shipped text, never changed


@functools.lru_cache(maxsize=8)
def shipped_text(slug: str) -> str:
    return (STANDAARD / f"{slug}.md").read_text(encoding="utf-8").strip()


def find(slug: str) -> Pagina | None:
    return db.session.scalar(sa.select(Pagina).where(Pagina.slug == slug))


# The text in force per page, kept CACHE_SECONDS per process: the home page and the fixed pages
# then cost no query. A save in this process forgets it at once; other processes within
# CACHE_SECONDS (as with the other reference data).
CACHE_SECONDS = 30.0
_cache: dict[str, tuple[float, Tekst | None]] = {}


def forget() -> None:
    _cache.clear()


def current(slug: str) -> Tekst | None:
    """The text in force, or None when there is no such page."""
    hit = _cache.get(slug)
    if hit is not None and time.monotonic() - hit[0] < CACHE_SECONDS:
        return hit[1]
    if len(_cache) > 256:  # bounded: many addresses that do not exist
        _cache.clear()
    found = _load(slug)
    _cache[slug] = (time.monotonic(), found)
    return found


def _load(slug: str) -> Tekst | None:
    newest = (
        sa.select(PaginaVersie)
        .join(Pagina, Pagina.id == PaginaVersie.pagina_id)
        .where(Pagina.slug == slug)
        .order_by(PaginaVersie.nummer.desc())
        .limit(1)
    )
    v = db.session.scalar(newest)  # one query, also when the page was never changed
    if v is not None:
        return Tekst(slug, v.titel, v.tekst, v.nummer, v.created_at)
    vast = VASTE_PAGINAS.get(slug)
    if vast is None:
        return None
    return Tekst(slug, vast.titel, shipped_text(slug), 1, None)


def _ensure(slug: str) -> Pagina:
    pagina = find(slug)
    if pagina is None:
        pagina = Pagina(slug=slug)
        db.session.add(pagina)
        vast = VASTE_PAGINAS.get(slug)
        if vast is not None:  # the shipped text becomes version 1
            pagina.versies.append(
                PaginaVersie(nummer=1, titel=vast.titel, tekst=shipped_text(slug))
            )
        db.session.flush()
    return pagina


def history(slug: str) -> list[PaginaVersie]:
    pagina = find(slug)
    return list(pagina.versies) if pagina is not None else []


def save(actor: Any, slug: str, titel: str, tekst: str) -> PaginaVersie | None:
    """A new version; None when nothing changed (no empty versions in the history)."""
    pagina = _ensure(slug)
    last = pagina.versies[0] if pagina.versies else None
    if last is not None and last.titel == titel and last.tekst == tekst:
        return None
    versie = PaginaVersie(
        nummer=(last.nummer + 1) if last else 1,
        titel=titel,
        tekst=tekst,
        author_id=actor.id,
        created_at=utcnow(),
    )
    pagina.versies.insert(0, versie)
    db.session.flush()
    forget()
    record_audit(actor, "pagina.opgeslagen", pagina, slug=slug, versie=versie.nummer)
    return versie


def restore(actor: Any, slug: str, nummer: int) -> PaginaVersie | None:
    """Put an older version back, as a new version. None when there is no such version."""
    pagina = find(slug)
    if pagina is None:
        return None
    old = next((v for v in pagina.versies if v.nummer == nummer), None)
    if old is None or old is pagina.versies[0]:
        return None
    versie = PaginaVersie(
        nummer=pagina.versies[0].nummer + 1,
        titel=old.titel,
        tekst=old.tekst,
        author_id=actor.id,
        teruggezet_van=old.nummer,
        created_at=utcnow(),
    )
    pagina.versies.insert(0, versie)
    db.session.flush()
    forget()
    record_audit(actor, "pagina.teruggezet", pagina, slug=slug, versie=old.nummer)
    return versie


def all_pages() -> list[Tekst]:
    """The fixed pages first, in their order, then the new pages by title."""
    found = {p.slug: p for p in db.session.scalars(sa.select(Pagina))}
    out = [t for slug in VASTE_PAGINAS if (t := current(slug)) is not None]
    extra = [current(slug) for slug in found if slug not in VASTE_PAGINAS]
    return out + sorted((t for t in extra if t is not None), key=lambda t: t.titel.lower())
