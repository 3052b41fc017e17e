"""A world for the open-data tests: public items next to every kind of item that must never
leave the site (hidden, withdrawn, unpublished, merged, private). Each secret text carries a
marker, so a test can search every response for it."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from factories import hostile, make_user
from ideeen.factories import make_idee, make_thema, make_wijk, standing_traject

from open_nijmegen.core.db import utcnow
from open_nijmegen.core.models import Reaction, StatusChange
from open_nijmegen.extensions import db
from open_nijmegen.ideeen.models import Idee, IdeeStatus
from open_nijmegen.inwonersberaad.models import (
    Aanbeveling,
    AanbevelingStatus,
    Beraad,
    Dossierstuk,
    Fase,
    Voortgang,
)
from open_nijmegen.uitdaagrecht.models import UitdagerSoort, Uitdaging
from open_nijmegen.uitdaagrecht.workflow import Status

SECRET = "GEHEIM"
_n = itertools.count(1)


def secret(label: str) -> str:
    return f"{SECRET}-{label}-{next(_n)}"


def reference_data() -> None:
    standing_traject()
    make_wijk("Hatert", "Nijmegen-Zuid")
    make_thema("Groen en natuur")


def public_idee(**extra: Any) -> Idee:
    return make_idee("openbaar", titel="=1+2 " + hostile("Openbaar ")[:80], **extra)


def add_reaction(
    idee: Idee, body: str, *, hidden: bool = False, parent: Reaction | None = None
) -> Reaction:
    author = make_user(password="")
    reaction = Reaction(
        object_type="idee",
        object_id=idee.id,
        author_id=author.id,
        body=body,
        parent_id=parent.id if parent else None,
    )
    if hidden:
        reaction.hidden_at = utcnow()
        reaction.hidden_reason = secret("reden")
    db.session.add(reaction)
    db.session.commit()
    return reaction


def make_uitdaging(status: Status, *, organisatie: bool = True, **extra: Any) -> Uitdaging:
    n = next(_n)
    filed = status != Status.CONCEPT
    fields: dict[str, Any] = {
        "status": status,
        "referentie": f"UR-2026-{n:04d}" if filed else None,
        "ingediend_op": date(2026, 1, 1) + timedelta(days=n) if filed else None,
        "klok_begindag": date(2026, 1, 1) + timedelta(days=n) if filed else None,
        "termijnen": {} if filed else None,
        "soort_uitdager": UitdagerSoort.ORGANISATIE if organisatie else UitdagerSoort.PERSOON,
        "organisatie_naam": ("Buurtvereniging " + hostile())
        if organisatie
        else secret("persoonsnaam"),
        "contact_naam": secret("contactnaam"),
        "contact_email": f"{secret('mail').lower()}@prive.example",
        "contact_telefoon": "06-12345678",
        "taak": hostile("Taak ")[:200],
        "taak_omschrijving": secret("omschrijving"),
        "waarom_beter": secret("beter"),
        "kosten": secret("kosten"),
        "publieke_samenvatting": "+SUM(A1) " + hostile(),
        "besluit_reden": secret("besluitreden"),
    }
    fields.update(extra)
    item = Uitdaging(**fields)
    if status.is_public_decision:
        item.besluit_verzonden_op = date(2026, 3, 1)
    db.session.add(item)
    db.session.flush()
    if filed:
        db.session.add(
            StatusChange(object_type="uitdaging", object_id=item.id, from_status="concept",
                         to_status=status.value, explanation=secret("uitleg"), is_public=True)
        )  # fmt: skip
        db.session.add(
            StatusChange(object_type="uitdaging", object_id=item.id, from_status=status.value,
                         to_status=status.value, explanation=secret("intern"), is_public=False)
        )  # fmt: skip
    db.session.commit()
    return item


def make_beraad(*, openbaar: bool = True) -> Beraad:
    beraad = Beraad(
        vraag=("Hoe " + hostile("vraag "))[:200] if openbaar else secret("vraag"),
        opdracht=hostile("opdracht ") if openbaar else secret("opdracht"),
        opdrachtgever="Gemeenteraad",
        fase=Fase.MONITORING,
        openbaar=openbaar,
        advies_samenvatting=hostile("advies ") if openbaar else secret("advies"),
    )
    db.session.add(beraad)
    db.session.flush()
    now = utcnow()
    db.session.add_all(
        [
            Dossierstuk(beraad_id=beraad.id, titel=hostile("Openbaar stuk ")[:200], tekst="@SUM " + hostile(), openbaar_op=now),
            Dossierstuk(beraad_id=beraad.id, titel=secret("stuktitel"), tekst=secret("stuktekst")),
        ]
    )  # fmt: skip
    published = Aanbeveling(
        beraad_id=beraad.id, nummer=1, titel=hostile("Aanbeveling ")[:200], tekst=hostile(),
        status=AanbevelingStatus.OVERGENOMEN, reactie_besluit=AanbevelingStatus.OVERGENOMEN,
        reactie_reden=hostile("reden "), verantwoordelijke="Wethouder", reactie_gepubliceerd_op=now,
    )  # fmt: skip
    draft = Aanbeveling(
        beraad_id=beraad.id, nummer=2, titel=hostile("Aanbeveling ")[:200], tekst=hostile(),
        reactie_besluit=AanbevelingStatus.NIET_OVERGENOMEN, reactie_reden=secret("conceptreactie"),
        verantwoordelijke=secret("verantwoordelijke"),
    )  # fmt: skip
    db.session.add_all([published, draft])
    db.session.flush()
    db.session.add(Voortgang(aanbeveling_id=published.id, tekst=hostile("voortgang ")))
    db.session.add(Voortgang(aanbeveling_id=draft.id, tekst=secret("voortgang")))
    db.session.add(
        StatusChange(object_type="beraad", object_id=beraad.id, from_status="aangeboden",
                     to_status="monitoring", is_public=True)
    )  # fmt: skip
    db.session.commit()
    return beraad


@dataclass
class World:
    public_ideas: list[Idee] = field(default_factory=list)
    hidden_ideas: list[Idee] = field(default_factory=list)
    challenges: list[Uitdaging] = field(default_factory=list)
    beraden: list[Beraad] = field(default_factory=list)


def make_world() -> World:
    world = World()
    reference_data()
    for _ in range(3):
        world.public_ideas.append(public_idee(tekst="-cmd " + hostile()))
    answered = world.public_ideas[0]
    answered.status = IdeeStatus.OVERGENOMEN
    answered.answered_at = utcnow()
    db.session.add(
        StatusChange(object_type="idee", object_id=answered.id, from_status="open",
                     to_status="overgenomen", explanation=hostile("Antwoord "), is_public=True)
    )  # fmt: skip
    db.session.add(
        StatusChange(object_type="idee", object_id=answered.id, from_status="zichtbaar",
                     to_status="zichtbaar", explanation=secret("moderatie"), is_public=False)
    )  # fmt: skip
    db.session.commit()
    for state in ("wacht", "afgewezen", "verborgen", "ingetrokken", "samengevoegd"):
        world.hidden_ideas.append(
            make_idee(state, titel=secret(state), tekst=secret(state + "-tekst"))
        )
    merged = world.hidden_ideas[-1]
    world.public_ideas.append(db.session.get(Idee, merged.merged_into_id))  # the merge target
    for idee in world.hidden_ideas:
        add_reaction(idee, secret("reactie-op-verborgen-idee"))
    visible = add_reaction(answered, hostile("Reactie "))
    add_reaction(answered, hostile("Antwoord "), parent=visible)
    gone = add_reaction(answered, secret("verborgen-reactie"), hidden=True)
    add_reaction(answered, secret("antwoord-op-verborgen-reactie"), parent=gone)
    deleted = add_reaction(answered, secret("verwijderde-reactie"))
    deleted.deleted_at = utcnow()
    db.session.commit()

    world.challenges = [
        make_uitdaging(Status.TOEGEKEND, samenvatting_overeenkomst=hostile("afspraak "), evaluatie="=evaluatie"),
        make_uitdaging(Status.IN_BEHANDELING),
        make_uitdaging(Status.AFGEWEZEN, organisatie=False),
        make_uitdaging(Status.CONCEPT, taak=secret("concepttaak")),
        make_uitdaging(Status.INGETROKKEN, taak=secret("ingetrokken-taak")),
    ]  # fmt: skip
    world.beraden = [make_beraad(), make_beraad(openbaar=False)]
    return world
