"""Writes, as ``verb_noun(actor, obj, data)``: they check the rules, flush, record history and
audit, and queue mail. The request commits once; nothing here commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from open_nijmegen.core.audit import record_audit
from open_nijmegen.core.db import insert_ignoring_duplicates, utcnow
from open_nijmegen.core.interactions.services import (
    ensure_follow,
    notify_followers,
    visible_reactions_query,
)
from open_nijmegen.core.models import Follow, StatusChange, Upload
from open_nijmegen.core.settings import get_setting
from open_nijmegen.core.text import clean_plain
from open_nijmegen.core.uploads import attach
from open_nijmegen.core.wijken import Wijk
from open_nijmegen.extensions import db
from open_nijmegen.ideeen import permissions
from open_nijmegen.ideeen.models import (
    STATUS_LABELS,
    STATUS_TRANSITIONS,
    Idee,
    IdeeStatus,
    Moderatie,
    Steun,
    Thema,
    Traject,
)
from open_nijmegen.ideeen.queries import clear_reference_cache
from open_nijmegen.ideeen.settings import moderation_first
from open_nijmegen.notifications.services import queue_mail


class IdeeError(ValueError):
    """A rule was broken; the message is B1 Dutch and may be shown as it is."""


@dataclass
class IdeeData:
    titel: str
    tekst: str
    wijk_id: int
    thema_id: int
    adres: str | None = None
    lat: float | None = None
    lon: float | None = None


def _history(
    idee: Idee, actor: Any, old: str | None, new: str, text: str = "", public: bool = True
) -> StatusChange:
    row = StatusChange(
        object_type="idee",
        object_id=idee.id,
        from_status=old,
        to_status=new,
        explanation=text,
        is_public=public,
        actor_id=getattr(actor, "id", None),
        created_at=utcnow(),
    )
    db.session.add(row)
    return row


def _check_refs(data: IdeeData) -> None:
    wijk = db.session.get(Wijk, data.wijk_id)
    thema = db.session.get(Thema, data.thema_id)
    if wijk is None or not wijk.actief:
        raise IdeeError(_("Kies een wijk uit de lijst."))
    if thema is None or not thema.actief:
        raise IdeeError(_("Kies een thema uit de lijst."))


def _apply(idee: Idee, data: IdeeData) -> None:
    idee.titel = " ".join(clean_plain(data.titel).split())
    idee.tekst = clean_plain(data.tekst)
    idee.wijk_id = data.wijk_id
    idee.thema_id = data.thema_id
    idee.adres = (" ".join(clean_plain(data.adres).split()) or None) if data.adres else None
    idee.lat, idee.lon = (
        (data.lat, data.lon) if data.lat is not None and data.lon is not None else (None, None)
    )


def post_idee(actor: Any, traject: Traject, data: IdeeData, image: Upload | None = None) -> Idee:
    if not permissions.can_post(actor, traject):
        raise IdeeError(_("U kunt hier nu geen idee insturen."))
    _check_refs(data)
    now = utcnow()
    idee = Idee(traject_id=traject.id, author_id=actor.id, status=IdeeStatus.OPEN)
    _apply(idee, data)
    if moderation_first():
        idee.moderatie = Moderatie.WACHT
    else:
        idee.moderatie = Moderatie.GOEDGEKEURD
        idee.published_at = now
    db.session.add(idee)
    db.session.flush()
    if image is not None:
        attach(image, idee)
        idee.image_id = image.id
    if idee.published_at is not None:
        _history(idee, actor, None, "gepubliceerd")
    else:
        _history(idee, actor, None, "ingediend", public=False)
    ensure_follow(actor, idee)
    return idee


def _shown(idee: Idee) -> tuple[Any, ...]:
    return (idee.titel, idee.tekst, idee.adres, idee.wijk_id, idee.thema_id, idee.image_id)


def edit_idee(actor: Any, idee: Idee, data: IdeeData, image: Upload | None = None) -> bool:
    """Change one's own idea. Under pre-moderation a changed published idea goes back to the
    moderation queue (off the site until an officer publishes it again): returns True then."""
    if not permissions.can_edit(actor, idee):
        raise IdeeError(
            _("U kunt dit idee niet meer aanpassen. Er is al steun, een reactie of een antwoord.")
        )
    _check_refs(data)
    before = _shown(idee)
    _apply(idee, data)
    if image is not None:
        attach(image, idee)
        idee.image_id = image.id
    again = moderation_first() and idee.is_published and _shown(idee) != before
    if again:
        idee.moderatie = Moderatie.WACHT
        idee.published_at = None
        _history(idee, actor, "gepubliceerd", "aangepast", public=False)
    db.session.flush()
    return again


def remove_image(actor: Any, idee: Idee) -> None:
    if not permissions.can_edit(actor, idee):
        raise IdeeError(_("U kunt dit idee niet meer aanpassen."))
    idee.image_id = None


def withdraw_idee(actor: Any, idee: Idee) -> None:
    if not permissions.can_withdraw(actor, idee):
        raise IdeeError(_("U kunt dit idee niet intrekken."))
    idee.withdrawn_at = utcnow()
    _history(idee, actor, None, "ingetrokken", public=False)
    db.session.flush()


# -- supports: exact under concurrency ----------------------------------------------------


def support(actor: Any, idee: Idee) -> bool:
    """Add the actor's support. Returns False when it was there already.

    The unique (user, idea) constraint decides: the counter moves only when a row was really
    inserted, in the same transaction, with a relative UPDATE.
    """
    if not permissions.can_support(actor, idee):
        raise IdeeError(_("U kunt dit idee nu niet steunen."))
    result = db.session.execute(
        insert_ignoring_duplicates(Steun.__table__, ["user_id", "idee_id"])
        .values(user_id=actor.id, idee_id=idee.id, created_at=utcnow())
        .returning(Steun.__table__.c.id)
    )
    added = result.first() is not None  # a row comes back only when it was really inserted
    if added:
        db.session.execute(
            sa.update(Idee)
            .where(Idee.id == idee.id)
            .values(support_count=Idee.support_count + 1)
            .execution_options(synchronize_session=False)
        )
        _check_threshold(idee)
        ensure_follow(actor, idee)
    db.session.expire(idee, ["support_count", "threshold_reached_at", "answer_due_at"])
    return added


def withdraw_support(actor: Any, idee: Idee) -> bool:
    if not permissions.can_support(actor, idee):
        raise IdeeError(_("U kunt uw steun nu niet intrekken."))
    result = db.session.execute(
        sa.delete(Steun)
        .where(Steun.user_id == actor.id, Steun.idee_id == idee.id)
        .execution_options(synchronize_session=False)
    )
    removed = result.rowcount == 1
    if removed:
        db.session.execute(
            sa.update(Idee)
            .where(Idee.id == idee.id)
            .values(support_count=Idee.support_count - 1)
            .execution_options(synchronize_session=False)
        )
    db.session.expire(idee, ["support_count"])
    return removed


def has_supported(user: Any, idee: Idee) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        db.session.scalar(
            sa.select(Steun.id).where(Steun.user_id == user.id, Steun.idee_id == idee.id)
        )
        is not None
    )


def _check_threshold(idee: Idee) -> None:
    """N supports within D days of publication -> an answer is due within W weeks.

    One guarded UPDATE, so parallel supports set the deadline once; the terms that applied
    are fixed then, so changing a setting later never moves a running deadline.
    """
    now = utcnow()
    n = int(get_setting("ideeen.drempel_steun"))
    days = int(get_setting("ideeen.drempel_dagen"))
    weeks = int(get_setting("ideeen.antwoord_weken"))
    db.session.execute(
        sa.update(Idee)
        .where(
            Idee.id == idee.id,
            Idee.threshold_reached_at.is_(None),
            Idee.support_count >= n,
            Idee.published_at >= now - timedelta(days=days),
        )
        .values(threshold_reached_at=now, answer_due_at=now + timedelta(weeks=weeks))
        .execution_options(synchronize_session=False)
    )


def recount_supports(idee_id: int) -> None:
    count = sa.select(sa.func.count()).select_from(Steun).where(Steun.idee_id == idee_id)
    db.session.execute(
        sa.update(Idee)
        .where(Idee.id == idee_id)
        .values(support_count=count.scalar_subquery())
        .execution_options(synchronize_session=False)
    )


def _lock(idee_id: int) -> None:
    """Row lock on PostgreSQL; SQLite has one writer at a time already."""
    db.session.execute(sa.select(Idee.id).where(Idee.id == idee_id).with_for_update())


def recount_reactions(idee: Idee) -> None:
    """Keep ``reaction_count`` equal to the visible reactions (called by core hooks)."""
    db.session.flush()
    _lock(idee.id)
    visible = visible_reactions_query("idee", idee.id).subquery()
    count = sa.select(sa.func.count()).select_from(visible)
    db.session.execute(
        sa.update(Idee)
        .where(Idee.id == idee.id)
        .values(reaction_count=count.scalar_subquery())
        .execution_options(synchronize_session=False)
    )
    db.session.expire(idee, ["reaction_count"])


# -- officers --------------------------------------------------------------------------------


def _require_staff(actor: Any) -> None:
    if not permissions.is_ideeen_staff(actor):
        raise IdeeError(_("Dit mag alleen een medewerker voor ideeën."))


def publish_idee(actor: Any, idee: Idee) -> None:
    _require_staff(actor)
    if idee.moderatie == Moderatie.GOEDGEKEURD:
        raise IdeeError(_("Dit idee staat al op de site."))
    if idee.withdrawn_at is not None or idee.merged_into_id is not None:
        raise IdeeError(_("Dit idee is ingetrokken of samengevoegd."))
    old = idee.moderatie.value
    idee.moderatie = Moderatie.GOEDGEKEURD
    idee.published_at = utcnow()
    _history(idee, actor, old, "gepubliceerd")
    record_audit(actor, "idee.gepubliceerd", idee)
    if idee.author is not None:
        queue_mail(idee.author, "ideeen/gepubliceerd", _l("Uw idee staat op de site"), idee=idee)


def reject_idee(actor: Any, idee: Idee, reason: str) -> None:
    _require_staff(actor)
    if idee.moderatie != Moderatie.WACHT:
        raise IdeeError(_("Alleen een idee dat nog wacht, kunt u afwijzen."))
    reason = clean_plain(reason)
    if not reason:
        raise IdeeError(_("Schrijf op waarom u het idee afwijst."))
    idee.moderatie = Moderatie.AFGEWEZEN
    _history(idee, actor, Moderatie.WACHT.value, "afgewezen", reason, public=False)
    record_audit(actor, "idee.afgewezen", idee, reason=reason)
    if idee.author is not None:
        queue_mail(
            idee.author,
            "ideeen/afgewezen",
            _l("Uw idee komt niet op de site"),
            idee=idee,
            reason=reason,
        )


def hide_idee(actor: Any, idee: Idee, reason: str) -> None:
    _require_staff(actor)
    if idee.hidden_at is not None:
        raise IdeeError(_("Dit idee is al verborgen."))
    reason = clean_plain(reason)
    if not reason:
        raise IdeeError(
            _("Schrijf op waarom u het idee verbergt. De schrijver krijgt dit te zien.")
        )
    idee.hide(actor.id, reason)
    record_audit(actor, "idee.verborgen", idee, reason=reason)
    if idee.author is not None:
        queue_mail(
            idee.author, "ideeen/verborgen", _l("Uw idee is verborgen"), idee=idee, reason=reason
        )


def restore_idee(actor: Any, idee: Idee) -> None:
    _require_staff(actor)
    if idee.hidden_at is None and idee.moderatie != Moderatie.AFGEWEZEN:
        raise IdeeError(_("Dit idee is niet verborgen of afgewezen."))
    if idee.hidden_at is not None:
        idee.show_again()
    else:
        idee.moderatie = Moderatie.WACHT
        _history(idee, actor, Moderatie.AFGEWEZEN.value, Moderatie.WACHT.value, public=False)
    record_audit(actor, "idee.hersteld", idee)


def set_status(actor: Any, idee: Idee, status: IdeeStatus, explanation: str) -> None:
    """Give an official status with a B1 answer: a public history row and a mail."""
    _require_staff(actor)
    if not permissions.can_answer(actor, idee):
        raise IdeeError(_("Alleen een idee dat op de site staat, krijgt een antwoord."))
    explanation = clean_plain(explanation)
    if not explanation:
        raise IdeeError(_("Schrijf een antwoord. Inwoners lezen dit op de site."))
    if status not in STATUS_TRANSITIONS[idee.status]:
        raise IdeeError(_("Deze stap kan niet na de huidige status."))
    old = idee.status
    now = utcnow()
    idee.status = status
    idee.answered_at = now
    _history(idee, actor, old.value, status.value, explanation)
    record_audit(actor, "idee.status", idee, old=old.value, new=status.value)
    db.session.flush()
    notify_followers(
        idee,
        "ideeen/status",
        _l("Nieuw antwoord op het idee: %(titel)s", titel=idee.titel[:80]),
        idee=idee,
        status_label=STATUS_LABELS[status],
        explanation=explanation,
    )


def merge_idee(actor: Any, source: Idee, target: Idee) -> int:
    """Merge a duplicate into another idea. Supports and followers move along; someone who
    supported both counts once. Returns the number of supports carried over."""
    _require_staff(actor)
    if source.id == target.id:
        raise IdeeError(_("Kies een ander idee om mee samen te voegen."))
    if source.merged_into_id is not None or source.withdrawn_at is not None:
        raise IdeeError(_("Dit idee is al samengevoegd of ingetrokken."))
    if not target.is_public:
        raise IdeeError(_("Voeg samen met een idee dat op de site staat."))
    _lock(target.id)
    carried = sa.select(Steun.user_id, sa.literal(target.id), Steun.created_at).where(
        Steun.idee_id == source.id
    )
    if target.author_id is not None:
        carried = carried.where(Steun.user_id != target.author_id)
    result = db.session.execute(
        insert_ignoring_duplicates(Steun.__table__, ["user_id", "idee_id"])
        .from_select(["user_id", "idee_id", "created_at"], carried)
        .returning(Steun.__table__.c.id)
    )
    moved = len(result.all())
    now = utcnow()
    followers = sa.select(
        Follow.user_id,
        sa.literal("idee"),
        sa.literal(target.id),
        Follow.active,
        sa.literal(now, Follow.created_at.type),
    ).where(Follow.object_type == "idee", Follow.object_id == source.id)
    db.session.execute(
        insert_ignoring_duplicates(
            Follow.__table__, ["user_id", "object_type", "object_id"]
        ).from_select(["user_id", "object_type", "object_id", "active", "created_at"], followers)
    )
    recount_supports(target.id)
    source.merged_into_id = target.id
    source.merged_at = now
    _history(source, actor, None, "samengevoegd", f"#{target.id}", public=False)
    record_audit(actor, "idee.samengevoegd", source, into=target.id, supports_moved=moved)
    db.session.flush()
    _check_threshold(target)
    db.session.expire(target)
    return moved


# -- wijken, thema's, trajecten ------------------------------------------------------------


def save_wijk(actor: Any, wijk: Wijk | None, naam: str, stadsdeel: str, actief: bool) -> Wijk:
    _require_staff(actor)
    naam, stadsdeel = " ".join(naam.split()), " ".join(stadsdeel.split())
    clash = db.session.scalar(sa.select(Wijk).where(sa.func.lower(Wijk.naam) == naam.lower()))
    if clash is not None and clash is not wijk:
        raise IdeeError(_("Er is al een wijk met deze naam."))
    created = wijk is None
    if wijk is None:
        wijk = Wijk()
        db.session.add(wijk)
    wijk.naam, wijk.stadsdeel, wijk.actief = naam, stadsdeel, actief
    db.session.flush()
    clear_reference_cache()
    record_audit(
        actor, "wijk.nieuw" if created else "wijk.aangepast", None, wijk=wijk.id, naam=naam
    )
    return wijk


def save_thema(actor: Any, thema: Thema | None, naam: str, actief: bool) -> Thema:
    _require_staff(actor)
    naam = " ".join(naam.split())
    clash = db.session.scalar(sa.select(Thema).where(sa.func.lower(Thema.naam) == naam.lower()))
    if clash is not None and clash is not thema:
        raise IdeeError(_("Er is al een thema met deze naam."))
    created = thema is None
    if thema is None:
        thema = Thema()
        db.session.add(thema)
    thema.naam, thema.actief = naam, actief
    db.session.flush()
    clear_reference_cache()
    record_audit(
        actor, "thema.nieuw" if created else "thema.aangepast", None, thema=thema.id, naam=naam
    )
    return thema


def save_traject(
    actor: Any,
    traject: Traject | None,
    titel: str,
    beschrijving: str,
    phases: dict[str, Any],
    samenvatting: str | None = None,
    afbeelding: Any = None,
    afbeelding_weghalen: bool = False,
) -> Traject:
    """Create or change a traject; ``phases`` maps a Fase value to its local start date.
    ``afbeelding``: a new image (an upload) for its page; ``afbeelding_weghalen``: no image."""
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from slugify import slugify

    from open_nijmegen.ideeen.models import TrajectFase
    from open_nijmegen.ideeen.phases import Fase

    _require_staff(actor)
    if traject is not None and traject.doorlopend:
        phases = {}
    created = traject is None
    if traject is None:
        base = slugify(titel, max_length=60, word_boundary=True) or "project"
        slug, n = base, 1
        while db.session.scalar(sa.select(Traject.id).where(Traject.slug == slug)) is not None:
            n += 1
            slug = f"{base}-{n}"
        traject = Traject(slug=slug, doorlopend=False)
        db.session.add(traject)
    traject.titel = " ".join(clean_plain(titel).split())
    traject.beschrijving = clean_plain(beschrijving)
    if samenvatting is not None:
        traject.samenvatting = " ".join(clean_plain(samenvatting).split())[:200]
    if not traject.doorlopend:
        zone = ZoneInfo("Europe/Amsterdam")
        traject.fases = [
            TrajectFase(
                fase=Fase(name),
                begint_op=datetime.combine(day, time(0, 0), zone).astimezone(utcnow().tzinfo),
            )
            for name, day in phases.items()
            if day is not None
        ]
    db.session.flush()
    if afbeelding is not None or afbeelding_weghalen:
        _replace_traject_image(traject, afbeelding)
    clear_reference_cache()
    record_audit(
        actor,
        "traject.nieuw" if created else "traject.aangepast",
        None,
        traject=traject.id,
        titel=traject.titel,
        fases={k: str(v) for k, v in phases.items() if v is not None},
    )
    return traject


def _replace_traject_image(traject: Traject, upload: Any) -> None:
    """Attach the new image (or none) and delete the old one with its file."""
    from open_nijmegen.core.models import Upload
    from open_nijmegen.core.uploads import attach, delete_upload_file

    old = db.session.get(Upload, traject.afbeelding_id) if traject.afbeelding_id else None
    if upload is not None:
        attach(upload, traject)
    traject.afbeelding_id = upload.id if upload is not None else None
    if old is not None and (upload is None or old.id != upload.id):
        delete_upload_file(old)
        db.session.delete(old)
