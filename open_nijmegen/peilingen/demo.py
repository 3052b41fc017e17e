"""Demo data: an open city-wide survey with every question type (a few answers, one open
answer waiting for the officer), a closed panel peiling with 1,200 responses skewed by wijk
and age (more older people and more people from Oost and Centrum than in the city) with
weighted results, an open panel peiling with unused codes, and a draft only officers see.
Idempotent; deterministic (random.Random(18)).

The demo responses are written as rows directly (the answering pages are for people); the
closed panel's codes are made and marked used as the site does, the other rows get a random
key, as a panel or paper response would (three are numbered paper forms).
"""

from __future__ import annotations

import random
import secrets
from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from open_nijmegen.cli import demo_seeder
from open_nijmegen.core import codes
from open_nijmegen.core.dates import today_local
from open_nijmegen.core.db import utcnow
from open_nijmegen.extensions import db
from open_nijmegen.peilingen import bevolking
from open_nijmegen.peilingen.models import (
    Beoordeling,
    Doelgroep,
    Inzending,
    OpenAntwoord,
    Optie,
    Peiling,
    Sectie,
    Soort,
    Vraag,
)
from open_nijmegen.peilingen.services import CODE_OWNER

OPEN = "Hoe houden we Nijmegen schoon en groen?"
GESLOTEN = "Fietsen in Nijmegen: wat vindt u?"
PANEL = "Proef: een autovrije zondag in de Benedenstad"
CONCEPT = "Nieuwe speelplekken in Lindenholt"
SNEL = "Snelle vraag: hoe komt u naar het centrum?"


def _peiling(titel: str, intro: str, staff: Any, **kw: Any) -> Peiling:
    item = Peiling(titel=titel, intro=intro, created_by_id=getattr(staff, "id", None), **kw)
    db.session.add(item)
    return item


def _sectie(peiling: Peiling, titel: str, uitleg: str = "") -> Sectie:
    sectie = Sectie(titel=titel, uitleg=uitleg, volgorde=len(peiling.secties))
    peiling.secties.append(sectie)
    return sectie


def _vraag(peiling: Peiling, sectie: Sectie, soort: Soort, tekst: str, **kw: Any) -> Vraag:
    opties = kw.pop("opties", [])
    vraag = Vraag(
        peiling=peiling, sectie=sectie, soort=soort, tekst=tekst, volgorde=len(peiling.vragen), **kw
    )
    vraag.opties.extend(Optie(tekst=o, volgorde=i) for i, o in enumerate(opties))
    db.session.add(vraag)
    db.session.flush()
    return vraag


def _row(peiling: Peiling, antwoorden: dict[str, Any], wijk: str | None, leeftijd: str | None,
         dag: Any) -> Inzending:  # fmt: skip
    row = Inzending(
        sleutel="code-" + secrets.token_hex(24),
        peiling_id=peiling.id,
        dag=dag,
        af=True,
        antwoorden=antwoorden,
        wijk=wijk,
        leeftijd=leeftijd,
    )
    db.session.add(row)
    return row


def _open_survey(staff: Any, now: Any, rng: random.Random) -> None:
    p = _peiling(
        OPEN,
        "De gemeente maakt een nieuw plan voor schone straten en meer groen. Wat vindt u "
        "belangrijk? Het invullen duurt ongeveer vijf minuten.\n\n"
        "Met uw antwoorden maken wij het plan. In het voorjaar ziet u wat wij ermee doen.",
        staff,
        doelgroep=Doelgroep.ACCOUNTS,
        opent_op=now - timedelta(days=5),
        sluit_op=now + timedelta(days=25),
        gepubliceerd_op=now - timedelta(days=5),
        wegen=True,
    )
    een = _sectie(p, "Uw straat", "Eerst een paar vragen over de straat waar u woont.")
    twee = _sectie(p, "Groen in de stad")
    drie = _sectie(p, "Uw ideeën")
    schoon = _vraag(p, een, Soort.SCHAAL, "Hoe schoon is uw straat?", verplicht=True,
                    schaal_max=5, label_laag="heel vies", label_hoog="heel schoon")  # fmt: skip
    afval = _vraag(p, een, Soort.ENKEL, "Ziet u vaak afval naast de container?", verplicht=True,
                   opties=["Ja, elke week", "Soms", "Bijna nooit"])  # fmt: skip
    waar = _vraag(p, een, Soort.MEER, "Waar ligt dan het meeste afval?", max_keuzes=2,
                  uitleg="Kies er hoogstens twee.",
                  opties=["Bij de container", "Op de stoep", "In het park", "Bij de bushalte"])  # fmt: skip
    waar.toon_als_vraag_id, waar.toon_als_optie_id = afval.id, afval.opties[0].id
    groen = _vraag(p, twee, Soort.RANGORDE, "Wat vindt u het belangrijkst?",
                   opties=["Meer bomen", "Meer bloemen", "Meer plekken om te zitten"])  # fmt: skip
    _vraag(p, twee, Soort.SCHAAL, "Hoe graag wilt u helpen met een groene geveltuin?",
           schaal_max=10, label_laag="helemaal niet", label_hoog="heel graag")  # fmt: skip
    uren = _vraag(p, drie, Soort.GETAL, "Hoeveel uur per maand wilt u helpen in uw buurt?",
                  getal_min=0, getal_max=100, uitleg="Vul 0 in als u niet wilt helpen.")  # fmt: skip
    idee = _vraag(p, drie, Soort.OPEN, "Heeft u nog een idee voor uw straat?")
    db.session.flush()
    dag = today_local()
    for i in range(12):
        answers = {
            str(schoon.id): rng.randint(2, 5),
            str(afval.id): afval.opties[i % 3].id,
            str(groen.id): [o.id for o in rng.sample(list(groen.opties), 3)],
            str(uren.id): rng.choice([0, 0, 2, 4, 8]),
        }
        if i % 3 == 0:
            answers[str(waar.id)] = [waar.opties[0].id]
        row = _row(p, answers, rng.choice(bevolking.WIJKEN), rng.choice(bevolking.LEEFTIJDEN), dag)
        if i == 0:
            row.open_antwoorden.append(
                OpenAntwoord(vraag_id=idee.id, tekst="Een bak voor oud papier bij de school.")
            )


# Who answered the closed panel: skewed to older people and to Oost and Centrum.
_WIJK_KANS = {
    "Nijmegen-Centrum": 14, "Nijmegen-Oost": 26, "Nijmegen-Oud-West": 11,
    "Nijmegen-Nieuw-West": 8, "Nijmegen-Midden": 11, "Nijmegen-Zuid": 9, "Dukenburg": 9,
    "Lindenholt": 4, "Nijmegen-Noord": 8,
}  # fmt: skip
_LEEFTIJD_KANS = {"16-24": 6, "25-44": 18, "45-64": 36, "65+": 40}


def _closed_panel(staff: Any, now: Any, rng: random.Random) -> None:
    p = _peiling(
        GESLOTEN,
        "Wij vroegen 1.500 inwoners met een brief wat zij van het fietsen in Nijmegen vinden. "
        "Zij kregen een code om mee te doen. Hieronder ziet u de uitslag.",
        staff,
        doelgroep=Doelgroep.PANEL,
        opent_op=now - timedelta(days=60),
        sluit_op=now - timedelta(days=30),
        gepubliceerd_op=now - timedelta(days=61),
        wegen=True,
        uitsplitsen=True,
    )
    een = _sectie(p, "Fietsen")
    hoe = _vraag(p, een, Soort.ENKEL, "Hoe gaat u meestal naar de stad?", verplicht=True,
                 opties=["Fiets", "Bus", "Auto", "Lopen"])  # fmt: skip
    veilig = _vraag(p, een, Soort.SCHAAL, "Hoe veilig voelt u zich op de fiets?",
                    schaal_max=5, label_laag="niet veilig", label_hoog="heel veilig")  # fmt: skip
    beter = _vraag(p, een, Soort.MEER, "Wat moet beter?", max_keuzes=2,
                   opties=["Meer fietsenstallingen", "Betere fietspaden", "Meer licht",
                           "Minder auto's in de stad"])  # fmt: skip
    open_vraag = _vraag(p, een, Soort.OPEN, "Wat wilt u ons nog zeggen?")
    db.session.flush()
    made = codes.make_codes(CODE_OWNER, p.id, 1500)
    del made  # the demo never prints them
    db.session.flush()
    used = list(
        db.session.scalars(
            sa.select(codes.OneTimeCode.id)
            .where(codes.OneTimeCode.owner_type == CODE_OWNER, codes.OneTimeCode.owner_id == p.id)
            .order_by(codes.OneTimeCode.id)
            .limit(1200)
        )
    )
    dag = (now - timedelta(days=40)).date()
    db.session.execute(
        sa.update(codes.OneTimeCode).where(codes.OneTimeCode.id.in_(used)).values(used_on=dag)
    )
    wijken, wk = list(_WIJK_KANS), list(_WIJK_KANS.values())
    ages, ak = list(_LEEFTIJD_KANS), list(_LEEFTIJD_KANS.values())
    rows = []
    for i in range(1200):
        wijk = rng.choices(wijken, wk)[0]
        age = rng.choices(ages, ak)[0]
        young = age in ("16-24", "25-44")
        # Young people cycle more and feel less safe: weighting changes the result.
        mode = rng.choices(hoe.opties, [6, 1, 2, 1] if young else [3, 2, 4, 1])[0]
        safe = min(5, max(1, round(rng.gauss(2.6 if young else 3.4, 1.0))))
        wants = rng.sample(list(beter.opties), rng.choice([1, 2]))
        answers = {
            str(hoe.id): mode.id,
            str(veilig.id): safe,
            str(beter.id): sorted(o.id for o in wants),
        }
        keep = i % 20 != 0  # one in twenty gave no wijk or age
        rows.append(
            {
                "sleutel": "code-" + secrets.token_hex(24),
                "peiling_id": p.id,
                "dag": dag,
                "af": True,
                "antwoorden": answers,
                "wijk": wijk if keep else None,
                "leeftijd": age if keep else None,
            }
        )
    # Three of them came on paper (numbered forms an officer typed in).
    from open_nijmegen.core.paper import register_paper_form

    for number, row in enumerate(rows[-3:], start=1):
        row["sleutel"] = "papier-" + secrets.token_hex(24)
        row["paper_form_id"] = register_paper_form(staff, CODE_OWNER, p.id, number).id
    for row in rows[:-3]:
        row["paper_form_id"] = None
    db.session.execute(sa.insert(Inzending), rows)
    texts = [
        ("Graag meer licht op het fietspad langs de Waal.", Beoordeling.GOED),
        ("De stalling bij het station is vaak vol.", Beoordeling.GOED),
        ("Fietsers op de stoep bij de Hertogstraat zijn gevaarlijk.", Beoordeling.GOED),
        ("Bel mij maar: [telefoonnummer weggehaald]", Beoordeling.AFGEKEURD),
        ("Meer groene golf voor fietsers op de Graafseweg.", Beoordeling.WACHT),
    ]
    for (tekst, beoordeling), row in zip(texts, rows, strict=False):
        db.session.add(
            OpenAntwoord(
                inzending_sleutel=row["sleutel"],
                vraag_id=open_vraag.id,
                tekst=tekst,
                beoordeling=beoordeling,
            )
        )


def _open_panel(staff: Any, now: Any) -> None:
    p = _peiling(
        PANEL,
        "Op een zondag in mei mogen er geen auto's in de Benedenstad komen. Wat vindt u "
        "daarvan? Deze vragen zijn voor de bewoners die een brief met een code kregen.",
        staff,
        doelgroep=Doelgroep.PANEL,
        opent_op=now - timedelta(days=2),
        sluit_op=now + timedelta(days=12),
        gepubliceerd_op=now - timedelta(days=2),
    )
    sectie = _sectie(p, "De autovrije zondag")
    _vraag(p, sectie, Soort.ENKEL, "Wat vindt u van een autovrije zondag?", verplicht=True,
           opties=["Goed idee", "Geen goed idee", "Weet ik niet"])  # fmt: skip
    _vraag(p, sectie, Soort.OPEN, "Waar moeten wij op letten?")
    db.session.flush()
    codes.make_codes(CODE_OWNER, p.id, 50)


def _concept(staff: Any, now: Any) -> None:
    p = _peiling(
        CONCEPT,
        "Wij maken nieuwe speelplekken in Lindenholt. Welke speeltoestellen wilt u?",
        staff,
        opent_op=now + timedelta(days=10),
        sluit_op=now + timedelta(days=40),
    )
    sectie = _sectie(p, "Spelen")
    _vraag(p, sectie, Soort.MEER, "Welke speeltoestellen wilt u?", max_keuzes=3,
           opties=["Schommel", "Glijbaan", "Klimrek", "Zandbak"])  # fmt: skip


def _snel(staff: Any, resident: Any, now: Any, rng: random.Random) -> None:
    """A quick poll on the home page and on the first project's page, with 40 answers; the
    demo resident (inwoner) answered it, so that role sees the current result."""
    from open_nijmegen.core.registry import registry
    from open_nijmegen.peilingen.models import Deelname
    from open_nijmegen.peilingen.services import account_sleutel
    from open_nijmegen.peilingen.snel import markeer_home

    target = registry.link_targets.get("traject")
    projects = target.options() if target else []
    p = _peiling(
        SNEL,
        "Een vraag van één klik. De gemeente wil weten hoe mensen naar het centrum komen.",
        staff,
        doelgroep=Doelgroep.ACCOUNTS,
        opent_op=now - timedelta(days=3),
        sluit_op=now + timedelta(days=30),
        gepubliceerd_op=now - timedelta(days=3),
        snel_traject_id=projects[0][0] if projects else None,
    )
    sectie = _sectie(p, "De vraag")
    vraag = _vraag(p, sectie, Soort.ENKEL, "Hoe komt u meestal naar het centrum?",
                   verplicht=True, opties=["Op de fiets", "Met de bus", "Met de auto", "Lopend",
                                           "Ik kom bijna nooit in het centrum"])  # fmt: skip
    markeer_home(p, True)
    dag = today_local()
    kansen = [16, 9, 8, 6, 1]  # the last option stays under 5: hidden in the result
    for _i in range(40):
        optie = rng.choices(vraag.opties, weights=kansen)[0]
        _row(p, {str(vraag.id): optie.id}, None, None, dag)
    if resident is not None:
        db.session.add(Deelname(peiling_id=p.id, user_id=resident.id, dag=dag))
        row = _row(p, {str(vraag.id): vraag.opties[0].id}, None, None, dag)
        row.sleutel = account_sleutel(p.id, resident.id)


@demo_seeder(order=30)
def seed_peilingen(users: dict[str, Any]) -> None:
    staff = users.get("participatiemedewerker")
    now = utcnow()
    if db.session.scalar(sa.select(Peiling.id).where(Peiling.titel == OPEN)) is None:
        rng = random.Random(18)
        _open_survey(staff, now, rng)
        _closed_panel(staff, now, rng)
        _open_panel(staff, now)
        _concept(staff, now)
        db.session.flush()
    # Figures uploaded for the open survey (the default's numbers, so its results stay as they
    # were): the officer's page shows both states. Added later: also on an older demo database.
    db.session.execute(
        sa.update(Peiling)
        .where(Peiling.titel == OPEN, Peiling.marges.is_(None))
        .values(marges=bevolking.BEVOLKING, marges_op=today_local())
    )
    # The breakdowns per wijk and age group (added later: also on an older demo database).
    db.session.execute(sa.update(Peiling).where(Peiling.titel == GESLOTEN).values(uitsplitsen=True))
    if db.session.scalar(sa.select(Peiling.id).where(Peiling.titel == SNEL)) is None:
        _snel(staff, users.get("inwoner"), now, random.Random(182))
        db.session.flush()
