"""The concept (the form in steps), its attachments, the reference number and filing."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import FileStorage

from open_nijmegen.core.audit import record_audit
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.models import Upload
from open_nijmegen.core.uploads import store_upload
from open_nijmegen.core.urls import mail_url
from open_nijmegen.extensions import db
from open_nijmegen.notifications.services import queue_mail
from open_nijmegen.uitdaagrecht import settings
from open_nijmegen.uitdaagrecht.models import (
    Rechtsvorm,
    UitdagerSoort,
    Uitdaging,
    UitdagingTeller,
)
from open_nijmegen.uitdaagrecht.services.historie import _history
from open_nijmegen.uitdaagrecht.services.klok import (
    OBJECT_TYPE,
    UPLOAD_KINDS,
    StapFout,
    termijnstand,
    vandaag,
)
from open_nijmegen.uitdaagrecht.workflow import (
    Actie,
    Actor,
    Status,
    get_transition,
)

# -- reference numbers ------------------------------------------------------------------------


def next_referentie(jaar: int) -> str:
    """The next ``UR-YYYY-NNNN``, safe under concurrency.

    ``UPDATE ... RETURNING`` locks the year's counter row until the transaction ends, so a
    second submission waits and gets the next number. The first submission of a year inserts
    the row; when two do that at once, the loser's unique violation is rolled back to a
    savepoint and it increments the row the winner made.
    """
    table = UitdagingTeller.__table__
    bump = (
        sa.update(table)
        .where(table.c.jaar == jaar)
        .values(laatste=table.c.laatste + 1)
        .returning(table.c.laatste)
    )
    nummer = db.session.execute(bump).scalar()
    if nummer is None:
        try:
            with db.session.begin_nested():
                db.session.execute(sa.insert(table).values(jaar=jaar, laatste=1))
            nummer = 1
        except sa.exc.IntegrityError:
            nummer = db.session.execute(bump).scalar_one()
    return f"UR-{jaar}-{nummer:04d}"


# -- concept ----------------------------------------------------------------------------------

_ENUM_FIELDS = {"soort_uitdager": UitdagerSoort, "rechtsvorm": Rechtsvorm}
_ORGANISATIE_FIELDS = ("organisatie_naam", "rechtsvorm", "kvk_nummer")


def step_data(uitdaging: Uitdaging | None, velden: tuple[str, ...]) -> dict[str, Any]:
    """Stored values in the shape the step's form expects."""
    data: dict[str, Any] = {}
    if uitdaging is None:
        return data
    for naam in velden:
        value = getattr(uitdaging, naam)
        if naam == "budget_gevraagd":
            value = None if value is None else ("ja" if value else "nee")
        elif hasattr(value, "value"):
            value = value.value
        data[naam] = value
    return data


def save_step(
    user: Any, uitdaging: Uitdaging | None, nummer: int, values: Mapping[str, Any]
) -> Uitdaging:
    """Save one step of the concept (creating the concept on the first save)."""
    if uitdaging is None:
        uitdaging = Uitdaging(uitdager_id=user.id, status=Status.CONCEPT, stap=0, opschortingen=[])
        db.session.add(uitdaging)
    if uitdaging.status != Status.CONCEPT:
        raise StapFout(
            {None: _("Deze uitdaging is al ingediend. U kunt hem niet meer veranderen.")}
        )
    for naam, value in values.items():
        if isinstance(value, str):
            value = value.strip() or None
        if naam in _ENUM_FIELDS:
            value = _ENUM_FIELDS[naam](value) if value else None
        elif naam == "budget_gevraagd":
            value = {"ja": True, "nee": False}.get(value or "")
        setattr(uitdaging, naam, value)
    if uitdaging.soort_uitdager == UitdagerSoort.PERSOON:
        for naam in _ORGANISATIE_FIELDS:
            setattr(uitdaging, naam, None)
    if uitdaging.budget_gevraagd is False:
        uitdaging.budget_bedrag = None
    uitdaging.stap = max(uitdaging.stap or 0, nummer)
    db.session.flush()
    return uitdaging


def ontbrekend(uitdaging: Uitdaging) -> list[tuple[int, str]]:
    """What the concept still lacks: (step number, B1 message)."""
    missing: list[tuple[int, str]] = []
    if uitdaging.soort_uitdager is None:
        missing.append((1, _("Kies wie de gemeente uitdaagt.")))
    if uitdaging.is_organisatie and not uitdaging.organisatie_naam:
        missing.append((1, _("Vul de naam van de organisatie of groep in.")))
    if uitdaging.is_organisatie and uitdaging.rechtsvorm is None:
        missing.append((1, _("Kies de soort organisatie.")))
    if not uitdaging.contact_naam:
        missing.append((1, _("Vul de naam van de contactpersoon in.")))
    checks = [
        (2, "taak", _("Schrijf op welke taak u wilt overnemen.")),
        (2, "taak_omschrijving", _("Beschrijf de taak.")),
        (3, "waarom_beter", _("Schrijf op waarom u het beter of goedkoper kunt.")),
        (4, "ervaring", _("Schrijf op wat uw kennis en ervaring is.")),
        (5, "draagvlak", _("Schrijf op wie uw plan steunen.")),
        (6, "kosten", _("Schrijf op wat het ongeveer kost.")),
        (7, "hulp_gemeente", _("Schrijf op welke hulp u van de gemeente wilt.")),
        (8, "kwaliteit", _("Schrijf op hoe u zorgt dat het goed blijft gaan.")),
    ]
    for nummer, naam, message in checks:
        if not getattr(uitdaging, naam):
            missing.append((nummer, message))
    if uitdaging.budget_gevraagd is None:
        missing.append((6, _("Kies of u het geld van de gemeente vraagt.")))
    missing.sort(key=lambda item: item[0])
    return missing


def bijlagen(uitdaging: Uitdaging) -> list[Upload]:
    return list(
        db.session.scalars(
            sa.select(Upload)
            .where(Upload.object_type == OBJECT_TYPE, Upload.object_id == uitdaging.id)
            .order_by(Upload.id)
        )
    )


def add_bijlage(user: Any, uitdaging: Uitdaging, file: FileStorage) -> Upload:
    """Store an attachment (checked by content); raises UploadError or StapFout."""
    if len(bijlagen(uitdaging)) >= settings.max_bijlagen():
        raise StapFout(
            {"bijlage": _("U heeft al %(n)d bijlagen. Meer kan niet.", n=settings.max_bijlagen())}
        )
    return store_upload(file, UPLOAD_KINDS, owner=user, obj=uitdaging)


def remove_bijlage(uitdaging: Uitdaging, upload_id: int) -> bool:
    from open_nijmegen.core.uploads import delete_upload_file

    upload = db.session.get(Upload, upload_id)
    if upload is None or upload.object_type != OBJECT_TYPE or upload.object_id != uitdaging.id:
        return False
    delete_upload_file(upload)
    db.session.delete(upload)
    return True


def delete_concept(uitdaging: Uitdaging) -> None:
    assert uitdaging.status == Status.CONCEPT
    for upload in bijlagen(uitdaging):
        remove_bijlage(uitdaging, upload.id)
    db.session.delete(uitdaging)


def submit(user: Any, uitdaging: Uitdaging, op: date | None = None) -> Uitdaging:
    """File the concept: reference number, terms snapshot, history, audit, receipt mail."""
    op = op or vandaag()
    missing = ontbrekend(uitdaging)
    if missing:
        raise StapFout({None: missing[0][1]})
    t = get_transition(uitdaging.status, Actie.DIEN_IN, Actor.CHALLENGER)
    # Lock the concept so a double click cannot file it twice.
    db.session.refresh(uitdaging, with_for_update=True)
    if uitdaging.status != Status.CONCEPT:
        raise StapFout({None: _("Deze uitdaging is al ingediend.")})
    # Queries first: a query flushes, and the row must pass its CHECK constraints then.
    termijnen = settings.current_termijnen().to_dict()
    referentie = next_referentie(op.year)
    uitdaging.referentie = referentie
    uitdaging.status = t.naar
    uitdaging.termijnen = termijnen
    uitdaging.ingediend_at = utcnow()
    uitdaging.ingediend_op = op
    uitdaging.klok_begindag = op
    uitdaging.opschortingen = []
    uitleg = _(t.uitleg)
    _history(user, uitdaging, Status.CONCEPT.value, t.naar.value, uitleg, False, op)
    record_audit(user, "uitdaging.dien_in", uitdaging, referentie=uitdaging.referentie)
    db.session.flush()
    stand = termijnstand(uitdaging, op)
    queue_mail(
        user,
        "uitdaagrecht/ontvangen",
        _l("Wij hebben uw uitdaging ontvangen (%(ref)s)", ref=uitdaging.referentie),
        uitdaging=uitdaging,
        deadline=stand.state.deadline if stand.state else None,
        link=mail_url("uitdaagrecht.mijn", referentie=uitdaging.referentie),
    )
    return uitdaging
