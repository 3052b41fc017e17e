"""Use cases of the inwonersberaad: ``verb_noun(actor, obj, data)``. They check the rules,
flush, record history and audit, and queue mail; the request commits once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from dateutil.relativedelta import relativedelta
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from open_nijmegen.accounts.models import User
from open_nijmegen.accounts.passwords import make_token, read_token
from open_nijmegen.core.audit import record_audit
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.interactions.services import notify_followers
from open_nijmegen.core.jobs import enqueue
from open_nijmegen.core.models import JobStatus, StatusChange
from open_nijmegen.core.settings import get_setting
from open_nijmegen.core.text import clean_plain
from open_nijmegen.core.urls import MailUrl, mail_url
from open_nijmegen.extensions import db
from open_nijmegen.inwonersberaad import loting as lot
from open_nijmegen.inwonersberaad.models import (
    AANBEVELING_LABELS,
    AANBEVELING_OVERGANGEN,
    BESLUITEN,
    FASE_LABELS,
    FASE_OVERGANGEN,
    Aanbeveling,
    AanbevelingStatus,
    Beraad,
    Beraadslid,
    Dossierstuk,
    ExpertVraag,
    Fase,
    Gelezen,
    Loting,
    LotingStatus,
    PriveNotitie,
    Uitnodiging,
    Voortgang,
)
from open_nijmegen.notifications.services import queue_mail

INVITE_PURPOSE = "beraad-uitnodiging"


class BeraadFout(ValueError):
    """A rule was broken; the message is B1 Dutch."""


# -- mail to followers -----------------------------------------------------------------------


def _notify(targets: list[Any], template: str, subject: str, **context: Any) -> int:
    """Mail every active follower of any of ``targets`` once (the first target wins)."""
    return notify_followers(targets, template, subject, **context)


def beraad_link(beraad: Beraad, anchor: str = "") -> MailUrl:
    return mail_url("inwonersberaad.detail", anchor, beraad_id=beraad.id, slug=beraad.slug)


def _history(obj: Any, actor: Any, old: str | None, new: str, explanation: str = "") -> None:
    db.session.add(
        StatusChange(
            object_type=obj.__object_type__,
            object_id=obj.id,
            from_status=old,
            to_status=new,
            actor_id=getattr(actor, "id", None),
            explanation=explanation,
            is_public=True,
        )
    )


# -- beraad ----------------------------------------------------------------------------------


@dataclass
class BeraadData:
    vraag: str
    opdracht: str
    opdrachtgever: str
    omvang: int | None
    selectiemethode: str
    openbaar: bool


def _apply(beraad: Beraad, data: BeraadData) -> None:
    beraad.vraag = clean_plain(data.vraag)[:200]
    beraad.opdracht = clean_plain(data.opdracht)
    beraad.opdrachtgever = clean_plain(data.opdrachtgever)[:200]
    beraad.omvang = data.omvang
    beraad.selectiemethode = clean_plain(data.selectiemethode)
    beraad.openbaar = data.openbaar


def create_beraad(actor: User, data: BeraadData) -> Beraad:
    beraad = Beraad(fase=Fase.OPDRACHT, fase_sinds=utcnow())
    _apply(beraad, data)
    db.session.add(beraad)
    db.session.flush()
    _history(beraad, actor, None, Fase.OPDRACHT.value)
    record_audit(actor, "beraad.aangemaakt", beraad)
    return beraad


def update_beraad(actor: User, beraad: Beraad, data: BeraadData) -> None:
    _apply(beraad, data)
    record_audit(actor, "beraad.aangepast", beraad)
    db.session.flush()


def reactie_termijn(aangeboden: datetime) -> datetime:
    return aangeboden + relativedelta(
        months=int(get_setting("inwonersberaad.reactie_termijn_maanden"))
    )


def move_fase(
    actor: User, beraad: Beraad, nieuw: Fase, toelichting: str = "", now: datetime | None = None
) -> None:
    """Move the beraad to another phase, if the transition table allows it."""
    now = now or utcnow()
    oud = beraad.fase
    if nieuw not in FASE_OVERGANGEN[oud]:
        raise BeraadFout(
            _(
                "Van '%(oud)s' kan het beraad niet naar '%(nieuw)s'. Kies een fase die in de lijst staat.",
                oud=FASE_LABELS[oud],
                nieuw=FASE_LABELS[nieuw],
            )
        )
    if nieuw == Fase.REACTIE_GEPUBLICEERD and not any(
        a.reactie_gepubliceerd_op for a in beraad.aanbevelingen
    ):
        raise BeraadFout(_("Publiceer eerst de reactie op minstens één aanbeveling."))
    if nieuw == Fase.AANGEBODEN and not beraad.aanbevelingen:
        raise BeraadFout(_("Voer eerst het advies met de aanbevelingen in."))
    beraad.fase = nieuw
    beraad.fase_sinds = now
    if nieuw == Fase.ADVIES_VASTGESTELD and beraad.advies_vastgesteld_op is None:
        beraad.advies_vastgesteld_op = now
    if nieuw == Fase.AANGEBODEN and beraad.aangeboden_op is None:
        beraad.aangeboden_op = now
        beraad.reactie_deadline = reactie_termijn(now)
    if nieuw == Fase.REACTIE_GEPUBLICEERD and beraad.reactie_gepubliceerd_op is None:
        beraad.reactie_gepubliceerd_op = now
    toelichting = clean_plain(toelichting)
    _history(beraad, actor, oud.value, nieuw.value, toelichting)
    record_audit(actor, "beraad.fase", beraad, old=oud.value, new=nieuw.value)
    db.session.flush()
    if beraad.openbaar:
        _notify(
            [beraad],
            "inwonersberaad/fase",
            _("Nieuwe fase voor het inwonersberaad: %(f)s", f=FASE_LABELS[nieuw]),
            beraad=beraad,
            fase_label=FASE_LABELS[nieuw],
            toelichting=toelichting,
            link=beraad_link(beraad, "tijdlijn"),
        )


def is_overdue(beraad: Beraad, now: datetime | None = None) -> bool:
    from open_nijmegen.inwonersberaad.models import WACHT_OP_REACTIE

    return bool(
        beraad.reactie_deadline is not None
        and beraad.fase in WACHT_OP_REACTIE
        and (now or utcnow()) > beraad.reactie_deadline
    )


# -- members ---------------------------------------------------------------------------------


def invite_member(actor: User, beraad: Beraad, email: str) -> Uitnodiging:
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise BeraadFout(_("Vul een goed e-mailadres in."))
    item = Uitnodiging(beraad_id=beraad.id, email=email, created_at=utcnow())
    db.session.add(item)
    db.session.flush()
    token = make_token(INVITE_PURPOSE, {"i": item.id, "b": beraad.id})
    queue_mail(
        email,
        "inwonersberaad/uitnodiging",
        _l("Uitnodiging: inwonersberaad over %(v)s", v=beraad.vraag[:80]),
        beraad=beraad,
        link=mail_url("inwonersberaad.uitnodiging", token=token),
        dagen=int(get_setting("inwonersberaad.uitnodiging_dagen")),
    )
    record_audit(actor, "beraad.uitgenodigd", beraad, uitnodiging=item.id)
    return item


def invitation_for_token(token: str) -> Uitnodiging | None:
    max_age = int(get_setting("inwonersberaad.uitnodiging_dagen")) * 24 * 3600
    data = read_token(INVITE_PURPOSE, token, max_age=max_age)
    if data is None:
        return None
    item = db.session.get(Uitnodiging, data.get("i"))
    if item is None or item.beraad_id != data.get("b") or not item.is_open:
        return None
    return item


def accept_invitation(user: User, item: Uitnodiging) -> Beraadslid:
    if not item.is_open:
        raise BeraadFout(_("Deze uitnodiging is al gebruikt of is niet meer geldig."))
    now = utcnow()
    lid = db.session.scalar(
        sa.select(Beraadslid).where(
            Beraadslid.beraad_id == item.beraad_id, Beraadslid.user_id == user.id
        )
    )
    if lid is None:
        lid = Beraadslid(
            beraad_id=item.beraad_id,
            user_id=user.id,
            uitnodiging_id=item.id,
            uitgenodigd_op=item.created_at,
        )
        db.session.add(lid)
    lid.geaccepteerd_op = now
    lid.gestopt_op = None
    item.geaccepteerd_op = now
    item.email = None  # no longer needed
    db.session.flush()
    return lid


def withdraw_invitation(actor: User, item: Uitnodiging) -> None:
    if item.is_open:
        item.ingetrokken_op = utcnow()
        item.email = None
        record_audit(actor, "beraad.uitnodiging_ingetrokken", None, uitnodiging=item.id)


def remove_member(actor: User, lid: Beraadslid) -> None:
    lid.gestopt_op = utcnow()
    record_audit(actor, "beraad.lid_gestopt", None, beraadslid=lid.id, beraad=lid.beraad_id)


def add_member_directly(beraad: Beraad, user: User) -> Beraadslid:
    """For demo data and tests: an accepted membership without an invitation."""
    lid = Beraadslid(beraad_id=beraad.id, user_id=user.id, geaccepteerd_op=utcnow())
    db.session.add(lid)
    db.session.flush()
    return lid


# -- dossier ---------------------------------------------------------------------------------


def add_stuk(
    actor: User,
    beraad: Beraad,
    titel: str,
    sessie: int,
    sessie_naam: str,
    tekst: str,
    upload: Any = None,
) -> Dossierstuk:
    if not clean_plain(tekst) and upload is None:
        raise BeraadFout(_("Schrijf een tekst of kies een PDF."))
    stuk = Dossierstuk(
        beraad_id=beraad.id,
        titel=clean_plain(titel)[:200],
        sessie=sessie,
        sessie_naam=clean_plain(sessie_naam)[:120],
        tekst=clean_plain(tekst),
        upload_id=getattr(upload, "id", None),
    )
    db.session.add(stuk)
    db.session.flush()
    if upload is not None:
        upload.object_type = "dossierstuk"
        upload.object_id = stuk.id
    record_audit(actor, "dossierstuk.toegevoegd", stuk)
    return stuk


def publish_stuk(actor: User, stuk: Dossierstuk) -> None:
    if stuk.openbaar_op is not None:
        return
    stuk.openbaar_op = utcnow()
    record_audit(actor, "dossierstuk.openbaar", stuk)
    db.session.flush()
    if stuk.beraad.openbaar:
        _notify(
            [stuk.beraad],
            "inwonersberaad/stuk",
            _("Nieuw stuk bij het inwonersberaad: %(t)s", t=stuk.titel[:80]),
            beraad=stuk.beraad,
            stuk=stuk,
            link=beraad_link(stuk.beraad, "dossier"),
        )


def unpublish_stuk(actor: User, stuk: Dossierstuk) -> None:
    stuk.openbaar_op = None
    record_audit(actor, "dossierstuk.gesloten", stuk)


def mark_read(user: User, stuk: Dossierstuk, gelezen: bool = True) -> None:
    row = db.session.scalar(
        sa.select(Gelezen).where(Gelezen.stuk_id == stuk.id, Gelezen.user_id == user.id)
    )
    if gelezen and row is None:
        db.session.add(Gelezen(stuk_id=stuk.id, user_id=user.id, gelezen_op=utcnow()))
    elif not gelezen and row is not None:
        db.session.delete(row)
    db.session.flush()


def note_for(user: Any, stuk: Dossierstuk) -> PriveNotitie | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        sa.select(PriveNotitie).where(
            PriveNotitie.stuk_id == stuk.id, PriveNotitie.user_id == user.id
        )
    )


def save_note(user: User, stuk: Dossierstuk, tekst: str) -> None:
    row = note_for(user, stuk)
    tekst = clean_plain(tekst)
    if row is None:
        if not tekst:
            return
        row = PriveNotitie(stuk_id=stuk.id, user_id=user.id)
        db.session.add(row)
    row.tekst = tekst
    row.updated_at = utcnow()
    db.session.flush()


def ask_expert(user: User, beraad: Beraad, vraag: str, stuk: Dossierstuk | None) -> ExpertVraag:
    item = ExpertVraag(
        beraad_id=beraad.id,
        stuk_id=stuk.id if stuk is not None else None,
        user_id=user.id,
        vraag=clean_plain(vraag),
    )
    db.session.add(item)
    db.session.flush()
    return item


def answer_expert(actor: User, item: ExpertVraag, antwoord: str, expert: str) -> None:
    antwoord = clean_plain(antwoord)
    if not antwoord:
        raise BeraadFout(_("Schrijf het antwoord."))
    item.antwoord = antwoord
    item.expert = clean_plain(expert)[:200]
    item.beantwoord_op = utcnow()
    record_audit(actor, "expertvraag.beantwoord", None, vraag=item.id, beraad=item.beraad_id)
    db.session.flush()


# -- advice and response ---------------------------------------------------------------------


def save_advies(actor: User, beraad: Beraad, samenvatting: str, stemmers: int | None) -> None:
    beraad.advies_samenvatting = clean_plain(samenvatting)
    beraad.advies_stemmers = stemmers
    record_audit(actor, "beraad.advies", beraad)
    db.session.flush()


def save_aanbeveling(
    actor: User,
    beraad: Beraad,
    nummer: int,
    titel: str,
    tekst: str,
    steun_procent: int | None,
    item: Aanbeveling | None = None,
) -> Aanbeveling:
    bestaand = db.session.scalar(
        sa.select(Aanbeveling).where(
            Aanbeveling.beraad_id == beraad.id, Aanbeveling.nummer == nummer
        )
    )
    if bestaand is not None and bestaand is not item:
        raise BeraadFout(_("Er is al een aanbeveling met nummer %(n)d.", n=nummer))
    if item is None:
        item = Aanbeveling(beraad_id=beraad.id)
        db.session.add(item)
    item.nummer = nummer
    item.titel = clean_plain(titel)[:200]
    item.tekst = clean_plain(tekst)
    item.steun_procent = steun_procent
    db.session.flush()
    record_audit(actor, "aanbeveling.opgeslagen", item)
    return item


def save_reactie(
    actor: User, item: Aanbeveling, besluit: AanbevelingStatus, reden: str, verantwoordelijke: str
) -> None:
    """Store the draft response (not public until ``publish_reactie``)."""
    if item.reactie_gepubliceerd_op is not None:
        raise BeraadFout(
            _("De reactie is al gepubliceerd. Geef een verandering door als voortgang.")
        )
    if besluit not in BESLUITEN:
        raise BeraadFout(_("Kies een reactie uit de lijst."))
    item.reactie_besluit = besluit
    item.reactie_reden = clean_plain(reden)
    item.verantwoordelijke = clean_plain(verantwoordelijke)[:200]
    record_audit(actor, "aanbeveling.reactie_concept", item)
    db.session.flush()


def publish_reactie(actor: User, item: Aanbeveling) -> None:
    if item.reactie_gepubliceerd_op is not None:
        raise BeraadFout(_("Deze reactie is al gepubliceerd."))
    if item.reactie_besluit is None or not item.reactie_reden:
        raise BeraadFout(_("Vul eerst de reactie en de reden in."))
    oud = item.status
    item.status = item.reactie_besluit
    item.reactie_gepubliceerd_op = utcnow()
    _history(item, actor, oud.value, item.status.value, item.reactie_reden)
    record_audit(actor, "aanbeveling.reactie", item, status=item.status.value)
    db.session.flush()
    _notify(
        [item, item.beraad],
        "inwonersberaad/reactie",
        _("De gemeente reageert op aanbeveling %(n)d", n=item.nummer),
        beraad=item.beraad,
        aanbeveling=item,
        status_label=AANBEVELING_LABELS[item.status],
        link=beraad_link(item.beraad, f"aanbeveling-{item.nummer}"),
    )


def add_voortgang(
    actor: User,
    item: Aanbeveling,
    tekst: str,
    status_na: AanbevelingStatus | None,
    datum: datetime | None = None,
) -> Voortgang:
    if item.reactie_gepubliceerd_op is None:
        raise BeraadFout(_("Publiceer eerst de reactie op deze aanbeveling."))
    tekst = clean_plain(tekst)
    if not tekst:
        raise BeraadFout(_("Schrijf wat er is gebeurd."))
    if status_na is not None and status_na != item.status:
        if status_na not in AANBEVELING_OVERGANGEN[item.status]:
            raise BeraadFout(
                _(
                    "Van '%(oud)s' kan de aanbeveling niet naar '%(nieuw)s'.",
                    oud=AANBEVELING_LABELS[item.status],
                    nieuw=AANBEVELING_LABELS[status_na],
                )
            )
        _history(item, actor, item.status.value, status_na.value, tekst)
        item.status = status_na
    else:
        status_na = None
    row = Voortgang(
        aanbeveling_id=item.id, datum=datum or utcnow(), tekst=tekst, status_na=status_na
    )
    db.session.add(row)
    record_audit(actor, "aanbeveling.voortgang", item)
    db.session.flush()
    db.session.refresh(item)
    _notify(
        [item, item.beraad],
        "inwonersberaad/voortgang",
        _("Nieuws over aanbeveling %(n)d", n=item.nummer),
        beraad=item.beraad,
        aanbeveling=item,
        voortgang=row,
        status_label=AANBEVELING_LABELS[item.status],
        link=beraad_link(item.beraad, f"aanbeveling-{item.nummer}"),
    )
    return row


# -- lottery ---------------------------------------------------------------------------------


def start_loting(
    actor: User,
    beraad: Beraad,
    personen: bytes,
    quota: bytes,
    panelgrootte: int,
    reserves: int,
    methode: str = "maximin",
    uniform_m: int | None = None,
) -> Loting:
    """Check the files (``LotingInvoerFout`` with the B1 report; nothing stored), then store
    them and queue the background job. ``methode`` (maximin or leximin) and ``uniform_m`` (the
    uniform final step) go to the job in its payload; the record says which were used."""
    if methode not in ("maximin", "leximin"):
        raise BeraadFout(_("Kies een manier van rekenen."))
    if uniform_m is not None and not 2 <= uniform_m <= 10_000:
        raise BeraadFout(_("Vul een heel getal in van 2 tot 10.000. Of laat het leeg."))
    invoer = lot.parse_input(personen, quota, panel_size=panelgrootte, reserves=reserves)
    for bezig in db.session.scalars(
        sa.select(Loting).where(
            Loting.beraad_id == beraad.id,
            Loting.status.in_([LotingStatus.WACHT, LotingStatus.BEZIG]),
        )
    ):
        if bezig.job is not None and bezig.job.status in (JobStatus.QUEUED, JobStatus.RUNNING):
            raise BeraadFout(_("Er loopt al een loting voor dit beraad. Wacht tot die klaar is."))
        # Its job ended without a result (a worker stopped): it will never finish.
        bezig.status = LotingStatus.MISLUKT
        bezig.fout = _("De loting is gestopt zonder uitslag. Er is een nieuwe loting gestart.")
        bezig.klaar_op = utcnow()
    item = Loting(
        beraad_id=beraad.id,
        status=LotingStatus.WACHT,
        panelgrootte=panelgrootte,
        reserves=reserves,
        aantal_personen=invoer.aantal_personen,
        personen_csv=personen,
        quota_csv=quota,
        personen_sha256=invoer.personen_sha256,
        quota_sha256=invoer.quota_sha256,
    )
    db.session.add(item)
    db.session.flush()
    payload: dict[str, Any] = {"loting_id": item.id}
    if methode != "maximin":
        payload["methode"] = methode
    if uniform_m is not None:
        payload["uniform_m"] = uniform_m
    job = enqueue("inwonersberaad.loting", payload)
    job.max_attempts = 1
    item.job_id = job.id
    record_audit(
        actor,
        "loting.gestart",
        beraad,
        loting=item.id,
        people_sha256=item.personen_sha256,
        quotas_sha256=item.quota_sha256,
        panel_size=panelgrootte,
        reserves=reserves,
    )
    return item


def publish_loting(actor: User, item: Loting) -> None:
    if item.status != LotingStatus.KLAAR:
        raise BeraadFout(_("Alleen een loting die klaar is, kan op de site."))
    for other in db.session.scalars(
        sa.select(Loting).where(Loting.beraad_id == item.beraad_id, Loting.id != item.id)
    ):
        other.gepubliceerd_op = None
    item.gepubliceerd_op = utcnow()
    record_audit(actor, "loting.gepubliceerd", item.beraad, loting=item.id)


def purge_lottery_inputs(now: datetime, dry_run: bool = False) -> int:
    """Delete the lottery input files older than ``bewaar.loting_invoer_dagen``; the hashes and
    the public record stay. Idempotent; a dry run only counts. Never commits."""
    cutoff = now - timedelta(days=int(get_setting("bewaar.loting_invoer_dagen")))
    rows = db.session.scalars(
        sa.select(Loting).where(
            Loting.invoer_verwijderd_op.is_(None),
            Loting.created_at < cutoff,
            Loting.status.in_([LotingStatus.KLAAR, LotingStatus.MISLUKT]),
        )
    ).all()
    if not dry_run:
        for row in rows:
            row.personen_csv = None
            row.quota_csv = None
            row.invoer_verwijderd_op = now
            record_audit(
                None,
                "loting.invoer_verwijderd",
                row.beraad,
                loting=row.id,
                people_sha256=row.personen_sha256,
                quotas_sha256=row.quota_sha256,
            )
        db.session.flush()
    return len(rows)
