"""Use cases of bijeenkomsten: ``verb_noun(actor, obj, data)``. They check the rules, flush,
record history and audit, and queue mail; the request commits once.

Capacity: a seat is taken only by ``_take_seat``, a guarded relative UPDATE of
``bijeenkomst.bezet`` (``WHERE bezet < capaciteit``). On PostgreSQL the UPDATE locks the row
until commit and re-checks the condition; on SQLite only one writer runs at a time. So the
count never passes the capacity, whatever runs in parallel (a CHECK constraint backs it).
A registration row changes state only by a guarded UPDATE too (``_move``), so two requests
never both promote or cancel the same one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from open_nijmegen.accounts.passwords import make_token, read_token
from open_nijmegen.bijeenkomsten.models import (
    ACTIEF,
    Aanmelding,
    AanmeldStatus,
    Bijeenkomst,
    Status,
)
from open_nijmegen.core.audit import record_audit
from open_nijmegen.core.db import insert_ignoring_duplicates, utcnow
from open_nijmegen.core.interactions.services import ensure_follow, notify_followers
from open_nijmegen.core.jobs import enqueue
from open_nijmegen.core.models import StatusChange
from open_nijmegen.core.objects import load_object
from open_nijmegen.core.settings import get_setting
from open_nijmegen.core.text import clean_plain
from open_nijmegen.core.urls import MailUrl, mail_url
from open_nijmegen.extensions import db
from open_nijmegen.notifications.services import queue_mail

AFMELDEN = "bijeenkomst-afmelden"
BEVESTIGEN = "bijeenkomst-bevestigen"
AFMELD_GELDIG = 400 * 24 * 3600  # the link works until well after the event


class BijeenkomstFout(ValueError):
    """A rule was broken; the message is B1 Dutch."""


@dataclass
class Gegevens:
    """What an officer fills in for an event (already checked by the form)."""

    titel: str
    tekst: str
    begint_op: datetime
    eindigt_op: datetime
    online: bool
    online_link: str | None
    adres: str
    zaal: str
    drempelvrij: bool
    ringleiding: bool
    stille_ruimte: bool
    gebarentolk: bool
    aanmelden_nodig: bool
    capaciteit: int | None
    aanmelden_tot: datetime | None
    hoort_bij_type: str | None
    hoort_bij_id: int | None


def _history(item: Bijeenkomst, actor: Any, old: str | None, new: str, uitleg: str = "") -> None:
    db.session.add(
        StatusChange(
            object_type=item.__object_type__,
            object_id=item.id,
            from_status=old,
            to_status=new,
            actor_id=getattr(actor, "id", None),
            explanation=uitleg,
            is_public=True,
        )
    )


# -- links in mail -----------------------------------------------------------------------------


def afmeld_token(aanmelding: Aanmelding) -> str:
    return make_token(AFMELDEN, {"a": aanmelding.id, "b": aanmelding.bijeenkomst_id})


def aanmelding_voor_afmeld_token(token: str) -> Aanmelding | None:
    data = read_token(AFMELDEN, token, max_age=AFMELD_GELDIG)
    if data is None:
        return None
    row = db.session.get(Aanmelding, data.get("a"))
    if row is None or row.bijeenkomst_id != data.get("b"):
        return None
    return row


def bevestig_token(aanmelding: Aanmelding) -> str:
    return make_token(BEVESTIGEN, {"a": aanmelding.id, "e": aanmelding.email})


def aanmelding_voor_bevestig_token(token: str) -> Aanmelding | None:
    hours = int(get_setting("bijeenkomsten.bevestig_uren"))
    data = read_token(BEVESTIGEN, token, max_age=hours * 3600)
    if data is None:
        return None
    row = db.session.get(Aanmelding, data.get("a"))
    if row is None or row.email != data.get("e") or row.user_id is not None:
        return None
    return row


def _page(item: Bijeenkomst) -> MailUrl:
    return mail_url("bijeenkomsten.detail", bijeenkomst_id=item.id, slug=item.slug)


def _mail(aanmelding: Aanmelding, template: str, subject: Any, **context: Any) -> None:
    from open_nijmegen.bijeenkomsten.agenda import ics_attachment

    item = aanmelding.bijeenkomst
    queue_mail(
        aanmelding.ontvanger,
        f"bijeenkomsten/{template}",
        subject,
        bijeenkomst=item,
        aanmelding=aanmelding,
        naam=aanmelding.weergavenaam,
        link=_page(item),
        afmeld_link=mail_url("bijeenkomsten.afmelden", token=afmeld_token(aanmelding)),
        attachments=[ics_attachment(item)] if aanmelding.heeft_plek else None,
        **context,
    )


# -- seats --------------------------------------------------------------------------------------


def _take_seat(item: Bijeenkomst) -> bool:
    result = db.session.execute(
        sa.update(Bijeenkomst)
        .where(
            Bijeenkomst.id == item.id,
            Bijeenkomst.status == Status.GEPLAND,
            sa.or_(Bijeenkomst.capaciteit.is_(None), Bijeenkomst.bezet < Bijeenkomst.capaciteit),
        )
        .values(bezet=Bijeenkomst.bezet + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(item, ["bezet"])
    return result.rowcount == 1


def _release_seat(item: Bijeenkomst) -> None:
    db.session.execute(
        sa.update(Bijeenkomst)
        .where(Bijeenkomst.id == item.id, Bijeenkomst.bezet > 0)
        .values(bezet=Bijeenkomst.bezet - 1)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(item, ["bezet"])


def _move(
    row: Aanmelding, allowed: tuple[AanmeldStatus, ...], new: AanmeldStatus, **values: Any
) -> bool:
    """Change the state of a registration only if it is still in one of ``allowed``."""
    result = db.session.execute(
        sa.update(Aanmelding)
        .where(Aanmelding.id == row.id, Aanmelding.status.in_(allowed))
        .values(status=new, **values)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(row)
    return result.rowcount == 1


def promote_waiting(item: Bijeenkomst) -> int:
    """Give free seats to the waiting list, oldest confirmed registration first."""
    promoted = 0
    while True:
        candidate = db.session.scalar(
            sa.select(Aanmelding)
            .where(
                Aanmelding.bijeenkomst_id == item.id,
                Aanmelding.status == AanmeldStatus.WACHTLIJST,
                Aanmelding.bevestigd_op.is_not(None),
            )
            .order_by(Aanmelding.id)
            .limit(1)
        )
        if candidate is None or not _take_seat(item):
            return promoted
        if not _move(candidate, (AanmeldStatus.WACHTLIJST,), AanmeldStatus.AANGEMELD):
            _release_seat(item)  # someone else moved it first: try the next one
            continue
        promoted += 1
        _mail(candidate, "plek", _l("U heeft een plek: %(titel)s", titel=item.titel))


# -- registration ---------------------------------------------------------------------------


def _existing(item: Bijeenkomst, user: Any, email: str | None) -> Aanmelding | None:
    where = Aanmelding.user_id == user.id if user is not None else Aanmelding.email == email
    return db.session.scalar(
        sa.select(Aanmelding).where(Aanmelding.bijeenkomst_id == item.id, where)
    )


def register(
    item: Bijeenkomst,
    *,
    user: Any = None,
    naam: str | None = None,
    email: str | None = None,
    tolk: bool = False,
    kinderopvang: bool = False,
    hulp: str = "",
    now: datetime | None = None,
) -> tuple[Aanmelding, bool]:
    """Sign up with an account (``user``) or as a guest (``naam`` + ``email``).

    Returns the registration and whether it is new. A registration that is still active is
    returned unchanged (a guest gets the confirmation mail again, so the page never tells
    whether an address was signed up already)."""
    now = now or utcnow()
    if not item.aanmelden_open(now):
        raise BijeenkomstFout(_("U kunt zich voor deze bijeenkomst niet meer aanmelden."))
    if user is not None:
        naam, email = None, None
    else:
        email = (email or "").strip().lower()
        naam = " ".join((naam or "").split())[:80]
        if not email or not naam:
            raise BijeenkomstFout(_("Vul uw naam en e-mailadres in."))
    needs = {"tolk": tolk, "kinderopvang": kinderopvang, "hulp": clean_plain(hulp)[:500]}
    row = _existing(item, user, email)
    if row is not None and row.status in ACTIEF:
        if user is None and not row.is_bevestigd:
            _mail(
                row, "bevestigen", _l("Bevestig uw aanmelding"), bevestig_link=_bevestig_link(row)
            )
        return row, False
    confirmed = now if user is not None else None
    if row is not None:
        # Signed up before and cancelled (or never confirmed): the same row comes back.
        if not _move(
            row,
            (AanmeldStatus.AFGEMELD, AanmeldStatus.VERLOPEN),
            AanmeldStatus.WACHTLIJST,
            bevestigd_op=confirmed,
            afgemeld_op=None,
            herinnerd_op=None,
            created_at=now,
            naam=naam,
            **needs,
        ):
            return db.session.get(Aanmelding, row.id), False  # type: ignore[return-value]
    else:
        key = ["bijeenkomst_id", "user_id" if user is not None else "email"]
        new_id = db.session.execute(
            insert_ignoring_duplicates(Aanmelding.__table__, key)
            .values(
                bijeenkomst_id=item.id,
                user_id=getattr(user, "id", None),
                naam=naam,
                email=email,
                status=AanmeldStatus.WACHTLIJST.value,
                bevestigd_op=confirmed,
                created_at=now,
                **needs,
            )
            .returning(Aanmelding.__table__.c.id)
        ).scalar()
        if new_id is None:  # a parallel request signed the same person up first
            return _existing(item, user, email), False  # type: ignore[return-value]
        row = db.session.get(Aanmelding, new_id)
        assert row is not None
    if _take_seat(item):
        _move(row, (AanmeldStatus.WACHTLIJST,), AanmeldStatus.AANGEMELD)
    if user is not None:
        ensure_follow(user, item)
        if row.status == AanmeldStatus.AANGEMELD:
            _mail(row, "aangemeld", _l("U bent aangemeld: %(titel)s", titel=item.titel))
        else:
            _mail(row, "wachtlijst", _l("U staat op de wachtlijst: %(titel)s", titel=item.titel))
    else:
        hours = int(get_setting("bijeenkomsten.bevestig_uren"))
        enqueue(
            "bijeenkomsten.verlopen",
            {"aanmelding_id": row.id},
            run_after=now + timedelta(hours=hours, minutes=1),
        )
        _mail(row, "bevestigen", _l("Bevestig uw aanmelding"), bevestig_link=_bevestig_link(row))
    return row, True


def _bevestig_link(row: Aanmelding) -> MailUrl:
    return mail_url("bijeenkomsten.bevestigen", token=bevestig_token(row))


def confirm(row: Aanmelding, now: datetime | None = None) -> bool:
    """A guest clicked the link in the mail. Returns False when the seat had expired and the
    registration could not be made again (registration closed)."""
    now = now or utcnow()
    if row.status in ACTIEF:
        if row.bevestigd_op is None:
            row.bevestigd_op = now
            db.session.flush()
            if row.status == AanmeldStatus.AANGEMELD:
                _mail(
                    row, "aangemeld", _l("U bent aangemeld: %(titel)s", titel=row.bijeenkomst.titel)
                )
            else:
                promote_waiting(row.bijeenkomst)
                db.session.refresh(row)
                if row.status == AanmeldStatus.WACHTLIJST:
                    _mail(
                        row,
                        "wachtlijst",
                        _l("U staat op de wachtlijst: %(titel)s", titel=row.bijeenkomst.titel),
                    )
        return True
    if row.status == AanmeldStatus.VERLOPEN and row.bijeenkomst.aanmelden_open(now):
        if not _move(row, (AanmeldStatus.VERLOPEN,), AanmeldStatus.WACHTLIJST, bevestigd_op=now):
            return True
        if _take_seat(row.bijeenkomst):
            _move(row, (AanmeldStatus.WACHTLIJST,), AanmeldStatus.AANGEMELD)
        db.session.refresh(row)
        template = "aangemeld" if row.status == AanmeldStatus.AANGEMELD else "wachtlijst"
        _mail(row, template, _l("Uw aanmelding: %(titel)s", titel=row.bijeenkomst.titel))
        return True
    return False


def cancel_registration(row: Aanmelding, now: datetime | None = None) -> bool:
    """The person cancels (a signed link, or the button on the page). A freed seat goes to
    the waiting list at once."""
    had_seat = row.status == AanmeldStatus.AANGEMELD
    if not _move(row, ACTIEF, AanmeldStatus.AFGEMELD, afgemeld_op=now or utcnow()):
        return False
    item = row.bijeenkomst
    if had_seat:
        _release_seat(item)
        if not item.is_voorbij():
            promote_waiting(item)
    return True


def expire_unconfirmed(row: Aanmelding, now: datetime | None = None) -> bool:
    """A guest who did not confirm in time loses the seat (the background job calls this)."""
    now = now or utcnow()
    hours = int(get_setting("bijeenkomsten.bevestig_uren"))
    if row.bevestigd_op is not None or row.status not in ACTIEF:
        return False
    if row.created_at > now - timedelta(hours=hours):
        return False
    had_seat = row.status == AanmeldStatus.AANGEMELD
    if not _move(row, ACTIEF, AanmeldStatus.VERLOPEN):
        return False
    if had_seat:
        _release_seat(row.bijeenkomst)
        promote_waiting(row.bijeenkomst)
    return True


def registration_of(item: Bijeenkomst, user: Any) -> Aanmelding | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        sa.select(Aanmelding).where(
            Aanmelding.bijeenkomst_id == item.id, Aanmelding.user_id == user.id
        )
    )


# -- the event itself (officers) ----------------------------------------------------------


def _active_registrations(item: Bijeenkomst) -> list[Aanmelding]:
    return list(
        db.session.scalars(
            sa.select(Aanmelding)
            .where(Aanmelding.bijeenkomst_id == item.id, Aanmelding.status.in_(ACTIEF))
            .order_by(Aanmelding.id)
        )
    )


def _schedule_reminder(item: Bijeenkomst) -> None:
    hours = int(get_setting("bijeenkomsten.herinnering_uren"))
    enqueue(
        "bijeenkomsten.herinnering",
        {"bijeenkomst_id": item.id, "begint_op": item.begint_op.isoformat()},
        run_after=item.begint_op - timedelta(hours=hours),
    )


def _apply(item: Bijeenkomst, data: Gegevens) -> None:
    for name, value in vars(data).items():
        setattr(item, name, value)
    item.tekst = clean_plain(data.tekst)
    if not item.online:
        item.online_link = None
    if not item.aanmelden_nodig:
        item.capaciteit, item.aanmelden_tot = None, None


def create_bijeenkomst(actor: Any, data: Gegevens) -> Bijeenkomst:
    item = Bijeenkomst(created_by_id=getattr(actor, "id", None))
    _apply(item, data)
    db.session.add(item)
    db.session.flush()
    _history(item, actor, None, Status.GEPLAND.value)
    record_audit(actor, "bijeenkomst.gemaakt", item)
    _schedule_reminder(item)
    return item


def update_bijeenkomst(actor: Any, item: Bijeenkomst, data: Gegevens) -> bool:
    """Save the changes. Returns True when the time moved (everyone signed up gets mail)."""
    if data.capaciteit is not None and data.capaciteit < item.bezet:
        raise BijeenkomstFout(
            _("Er hebben al %(n)d mensen een plek. Kies minstens %(n)d plaatsen.", n=item.bezet)
        )
    if not data.aanmelden_nodig and any(r.status in ACTIEF for r in item.aanmeldingen):
        raise BijeenkomstFout(_("Er zijn al aanmeldingen. Aanmelden blijft daarom nodig."))
    old = (item.begint_op, item.eindigt_op, item.adres, item.zaal, item.online)
    _apply(item, data)
    db.session.flush()
    moved = old != (item.begint_op, item.eindigt_op, item.adres, item.zaal, item.online)
    record_audit(actor, "bijeenkomst.aangepast", item, verplaatst=moved)
    if moved:
        _history(item, actor, Status.GEPLAND.value, Status.GEPLAND.value, _("Nieuwe tijd of plek."))
        _schedule_reminder(item)
        for row in _active_registrations(item):
            db.session.execute(
                sa.update(Aanmelding).where(Aanmelding.id == row.id).values(herinnerd_op=None)
            )
            _mail(row, "verplaatst", _l("Nieuwe tijd of plek: %(titel)s", titel=item.titel))
        notify_followers(
            item,
            "bijeenkomsten/volgers_verplaatst",
            _l("Nieuwe tijd of plek: %(titel)s", titel=item.titel),
            link=_page(item),
        )
    promote_waiting(item)  # more seats, or none needed any more
    return moved


def cancel_bijeenkomst(actor: Any, item: Bijeenkomst, reden: str) -> int:
    """Cancel the event; everyone signed up (also the waiting list) gets mail."""
    if item.is_geannuleerd:
        raise BijeenkomstFout(_("Deze bijeenkomst gaat al niet door."))
    item.status = Status.GEANNULEERD
    item.reden = clean_plain(reden)
    _history(item, actor, Status.GEPLAND.value, Status.GEANNULEERD.value, item.reden)
    record_audit(actor, "bijeenkomst.geannuleerd", item)
    rows = _active_registrations(item)
    for row in rows:
        _mail(
            row, "geannuleerd", _l("Gaat niet door: %(titel)s", titel=item.titel), reden=item.reden
        )
    notify_followers(
        item,
        "bijeenkomsten/volgers_geannuleerd",
        _l("Gaat niet door: %(titel)s", titel=item.titel),
        reden=item.reden,
        link=_page(item),
    )
    db.session.flush()
    return len(rows)


def message_participants(
    actor: Any, item: Bijeenkomst, onderwerp: str, tekst: str, wachtlijst: bool
) -> int:
    """An officer writes to everyone with a seat (and the waiting list, if chosen)."""
    statuses = ACTIEF if wachtlijst else (AanmeldStatus.AANGEMELD,)
    rows = [r for r in _active_registrations(item) if r.status in statuses and r.is_bevestigd]
    for row in rows:
        _mail(row, "bericht", onderwerp, tekst=clean_plain(tekst))
    record_audit(actor, "bijeenkomst.bericht", item, ontvangers=len(rows))
    return len(rows)


def publish_report(actor: Any, item: Bijeenkomst, verslag: str, aanwezig: int | None) -> int:
    """The report afterwards; followers of the event (and of what it belongs to) get mail
    the first time it is published."""
    first = item.verslag_op is None
    item.verslag = clean_plain(verslag)
    item.aanwezig = aanwezig
    item.verslag_op = item.verslag_op or utcnow()
    record_audit(actor, "bijeenkomst.verslag", item, eerste=first)
    db.session.flush()
    if not first:
        return 0
    targets: list[Any] = [item]
    if item.hoort_bij_type and item.hoort_bij_id is not None:
        parent = load_object(item.hoort_bij_type, item.hoort_bij_id)
        if parent is not None and getattr(parent, "__object_type__", None):
            targets.append(parent)
    return notify_followers(
        targets,
        "bijeenkomsten/verslag",
        _l("Verslag: %(titel)s", titel=item.titel),
        link=_page(item),
        bijeenkomst=item,
    )


def send_reminders(item: Bijeenkomst, begint_op_iso: str, now: datetime | None = None) -> int:
    """The day before: everyone with a confirmed seat, once, with the event as .ics."""
    if item.is_geannuleerd or item.begint_op.isoformat() != begint_op_iso:
        return 0  # cancelled, or moved (the move queued a new reminder)
    if item.begint_op <= (now or utcnow()):
        return 0
    sent = 0
    for row in _active_registrations(item):
        if not row.heeft_plek or row.herinnerd_op is not None:
            continue
        row.herinnerd_op = now or utcnow()
        _mail(row, "herinnering", _l("Morgen: %(titel)s", titel=item.titel))
        sent += 1
    return sent
