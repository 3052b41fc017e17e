"""Demo begrotingen, in plain B1 Dutch at real places in Nijmegen. Idempotent: a begroting
with the same title is left alone.

- Hatert en Grootstal: € 50.000, voting now, 8 plans on the ballot (one more not feasible,
  one merged); Henk has voted, Fatima not yet.
- Dukenburg: € 100.000, closed and counted: ~500 ballots (40 on paper), the result, the
  .pb file and progress on a winner.
- Nijmegen-Noord: plans can be sent in now; one plan waits for the officer.

Ballots of the closed begroting are made up (no demo accounts behind them): a fixed random
seed, so every installation shows the same result.
"""

from __future__ import annotations

import random
import secrets
from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from open_nijmegen.begroten import ballots, services
from open_nijmegen.begroten.models import (
    Begroting,
    Gebied,
    Plan,
    PlanStatus,
    Stembiljet,
    Stemwijze,
    Uitvoering,
)
from open_nijmegen.cli import demo_seeder
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.models import StatusChange
from open_nijmegen.core.paper import register_paper_form
from open_nijmegen.core.wijken import Wijk
from open_nijmegen.extensions import db

HATERT = [
    (
        "Speeltoestellen in het Hatertse park",
        "Hatert",
        "Hatertseweg",
        14_000,
        "Er zijn weinig speeltoestellen voor kinderen van 6 tot 12 jaar. Zet een klimrek en een schommel in het park.",
    ),
    (
        "Bankjes langs de Hatertse Vennen",
        "Hatert",
        "Hatertse Vennen",
        6_500,
        "Ouderen wandelen graag langs het water. Zet vijf bankjes neer, zodat zij onderweg kunnen rusten.",
    ),
    (
        "Moestuin bij het buurthuis",
        "Hatert",
        "Wijkcentrum Hatert",
        9_000,
        "Maak een moestuin waar buren samen groenten kweken. Het buurthuis helpt met water en gereedschap.",
    ),
    (
        "Betere verlichting op het fietspad",
        "Grootstal",
        "Sint Annastraat",
        18_000,
        "Het fietspad is 's avonds donker. Nieuwe lampen maken het veiliger voor scholieren en ouderen.",
    ),
    (
        "Bloemen en bomen op het winkelplein",
        "Hatert",
        "Winkelcentrum Hatert",
        7_500,
        "Het plein is grijs en stenen. Plant bomen en zet grote bakken met bloemen neer.",
    ),
    (
        "Voetbalveldje opknappen",
        "Grootstal",
        "Grootstalselaan",
        12_000,
        "Het veldje heeft gaten en de doelen zijn kapot. Leg nieuw gras en zet nieuwe doelen neer.",
    ),
    (
        "Buurtbibliotheek in een oude telefooncel",
        "Hatert",
        "Couwenbergstraat",
        2_500,
        "Een kast waar iedereen boeken kan ruilen. Buren zorgen samen dat het netjes blijft.",
    ),
    (
        "Watertappunt bij het sportpark",
        "Grootstal",
        "Sportpark Grootstal",
        4_000,
        "Sporters en wandelaars kunnen hier gratis water tappen. Dat is goed voor de gezondheid en scheelt plastic.",
    ),
]

DUKENBURG = [
    ("Nieuwe speelplek voor jongeren bij het Meijhorstpark", "Meijhorst", 45_000),
    ("Een veld waar honden los mogen in Tolhuis", "Tolhuis", 12_000),
    ("Speelbos bij de Staddijk", "Zwanenveld", 30_000),
    ("Bankjes rond de vijver in Weezenhof", "Weezenhof", 5_000),
    ("Samen groente kweken in Malvert", "Malvert", 8_000),
    ("Plek voor fietsen bij station Dukenburg", "Aldenhof", 20_000),
    ("Kunst in de tunnels van Lankforst", "Lankforst", 15_000),
    ("Banken bij de winkels van Dukenburg", "Meijhorst", 10_000),
    ("Spelen in de natuur in Aldenhof", "Aldenhof", 25_000),
    ("Een bank om te praten bij de bibliotheek", "Zwanenveld", 3_000),
]


def _exists(titel: str) -> bool:
    return db.session.scalar(sa.select(Begroting.id).where(Begroting.titel == titel)) is not None


def _wijk(naam: str) -> Wijk | None:
    return db.session.scalar(sa.select(Wijk).where(Wijk.naam == naam))


def _begroting(titel: str, vraag: str, budget: int, days: tuple[int, ...], **kw: Any) -> Begroting:
    now = utcnow()
    cols = (
        "plannen_vanaf",
        "haalbaarheid_vanaf",
        "stemmen_vanaf",
        "uitslag_vanaf",
        "uitvoering_vanaf",
    )
    begroting = Begroting(
        titel=titel,
        vraag=vraag,
        budget=budget,
        minimum_leeftijd=16,
        **{c: now + timedelta(days=d) for c, d in zip(cols, days, strict=True)},
        **kw,
    )
    db.session.add(begroting)
    db.session.flush()
    return begroting


def _plan(
    begroting: Begroting,
    author: Any,
    titel: str,
    wijk: Wijk,
    adres: str,
    kosten: int,
    tekst: str,
    status: PlanStatus = PlanStatus.HAALBAAR,
    officer: Any = None,
) -> Plan:
    plan = Plan(
        begroting_id=begroting.id,
        author_id=author.id,
        titel=titel,
        tekst=tekst,
        wijk_id=wijk.id,
        adres=adres,
        geschatte_kosten=kosten,
        status=PlanStatus.INGEDIEND,
    )
    db.session.add(plan)
    db.session.flush()
    db.session.add(
        StatusChange(
            object_type="plan",
            object_id=plan.id,
            to_status="ingediend",
            explanation="",
            created_at=begroting.plannen_vanaf + timedelta(days=3),
        )
    )
    if status == PlanStatus.HAALBAAR:
        plan.kosten = round(kosten * 1.1, -2)
        plan.kosten_reden = "De gemeente vroeg een prijs op bij twee bedrijven. Dit is de laagste prijs, met plaatsen en tien jaar onderhoud."
        plan.status = PlanStatus.HAALBAAR
        db.session.add(
            StatusChange(
                object_type="plan",
                object_id=plan.id,
                from_status="ingediend",
                to_status="kosten",
                actor_id=getattr(officer, "id", None),
                explanation=f"€ {ballots.euro(plan.kosten)}\n\n{plan.kosten_reden}",
                created_at=begroting.haalbaarheid_vanaf + timedelta(days=2),
            )
        )
        db.session.add(
            StatusChange(
                object_type="plan",
                object_id=plan.id,
                from_status="ingediend",
                to_status="haalbaar",
                actor_id=getattr(officer, "id", None),
                explanation="",
                created_at=begroting.haalbaarheid_vanaf + timedelta(days=2),
            )
        )
    return plan


def _seed_hatert(users: dict[str, Any]) -> None:
    titel = "Geld voor Hatert en Grootstal 2026"
    wijken = [w for w in (_wijk("Hatert"), _wijk("Grootstal")) if w is not None]
    if _exists(titel) or len(wijken) < 2:
        return
    by_name = {w.naam: w for w in wijken}
    begroting = _begroting(
        titel,
        "De gemeente heeft € 50.000 voor Hatert en Grootstal. Waar moet dat geld heen? "
        "Kies de plannen die u het beste vindt. Samen mogen ze niet meer kosten dan het budget.",
        50_000,
        (-40, -25, -5, 14, 40),
        gebied=Gebied.WIJKEN,
        stemwijze=Stemwijze.BUDGET,
    )
    begroting.wijken = wijken
    officer, fatima, henk = users["participatiemedewerker"], users["inwoner"], users["inwoner2"]
    plans = []
    for i, (t, w, adres, kosten, tekst) in enumerate(HATERT):
        plans.append(
            _plan(
                begroting,
                fatima if i % 2 == 0 else henk,
                t,
                by_name[w],
                adres,
                kosten,
                tekst,
                officer=officer,
            )
        )
    niet = _plan(
        begroting,
        henk,
        "Overdekt zwembad in Hatert",
        by_name["Hatert"],
        "Hatertseweg",
        48_000,
        "Een klein zwembad voor de buurt, met een dak, zodat je het hele jaar kunt zwemmen.",
        status=PlanStatus.INGEDIEND,
    )
    niet.status, niet.reden = (
        PlanStatus.NIET_HAALBAAR,
        (
            "Een zwembad kost veel meer dan € 50.000. Ook het onderhoud elk jaar past niet in dit budget."
        ),
    )
    db.session.add(
        StatusChange(
            object_type="plan",
            object_id=niet.id,
            from_status="ingediend",
            to_status="niet_haalbaar",
            explanation=niet.reden,
            actor_id=officer.id,
            created_at=begroting.haalbaarheid_vanaf + timedelta(days=4),
        )
    )
    dubbel = _plan(
        begroting,
        fatima,
        "Meer bankjes bij het water",
        by_name["Hatert"],
        "Hatertse Vennen",
        3_000,
        "Zet bankjes neer bij het water in de Hatertse Vennen.",
        status=PlanStatus.INGEDIEND,
    )
    dubbel.status, dubbel.merged_into_id = PlanStatus.SAMENGEVOEGD, plans[1].id
    dubbel.reden = (
        "Dit plan lijkt veel op 'Bankjes langs de Hatertse Vennen'. Wij hebben ze samengevoegd."
    )
    db.session.add(
        StatusChange(
            object_type="plan",
            object_id=dubbel.id,
            from_status="ingediend",
            to_status="samengevoegd",
            explanation=dubbel.reden,
            actor_id=officer.id,
            created_at=begroting.haalbaarheid_vanaf + timedelta(days=4),
        )
    )
    begroting.stemlijst_op = begroting.stemmen_vanaf - timedelta(days=1)
    db.session.flush()
    from open_nijmegen.begroten.jobs import schedule_count

    schedule_count(begroting)
    # Henk has voted; Fatima not yet (so the voting page shows both states).
    keuze = ballots.check_choice(begroting, [plans[0].id, plans[3].id, plans[6].id])
    ballots.cast(begroting, henk, keuze)


def _seed_dukenburg(users: dict[str, Any]) -> None:
    from open_nijmegen.begroten.jobs import count_begroting

    titel = "Geld voor Dukenburg 2025"
    if _exists(titel) or _wijk("Meijhorst") is None:
        return
    officer, fatima, henk = users["participatiemedewerker"], users["inwoner"], users["inwoner2"]
    begroting = _begroting(
        titel,
        "Dukenburg kreeg € 100.000 van de gemeente. Inwoners kozen waar dat geld heen gaat.",
        100_000,
        (-200, -170, -140, -110, -100),
        gebied=Gebied.STADSDEEL,
        stadsdeel="Dukenburg",
        stemwijze=Stemwijze.MAXIMAAL,
        max_keuzes=4,
    )
    plans = [
        _plan(
            begroting,
            fatima if i % 2 else henk,
            t,
            _wijk(w) or _wijk("Meijhorst"),
            t.split(" bij ")[-1],
            kosten,
            f"{t}. Dit plan maakt Dukenburg fijner om te wonen, te spelen en elkaar te ontmoeten.",
            officer=officer,
        )
        for i, (t, w, kosten) in enumerate(DUKENBURG)
    ]
    begroting.stemlijst_op = begroting.stemmen_vanaf - timedelta(days=1)
    db.session.flush()
    rng = random.Random(2025)
    weights = [0.55, 0.35, 0.3, 0.45, 0.25, 0.2, 0.15, 0.4, 0.3, 0.5]
    day = begroting.stemmen_vanaf.date()
    for n in range(520):
        chosen = [p.id for p, w in zip(plans, weights, strict=True) if rng.random() < w][:4]
        if not chosen:
            chosen = [plans[n % len(plans)].id]
        row = Stembiljet(
            sleutel=secrets.token_hex(32),
            begroting_id=begroting.id,
            keuzes=sorted(chosen),
            dag=day + timedelta(days=n % 20),
        )
        if n % 13 == 0:  # 40 paper ballots, numbered
            form = register_paper_form(officer, "begroting", begroting.id, n // 13 + 1)
            row.paper_form_id = form.id
            row.sleutel = "papier-" + secrets.token_hex(24)
        db.session.add(row)
    db.session.flush()
    count_begroting(begroting, actor=officer)
    winners = (begroting.uitslag or {}).get("winnaars", [])
    if winners:
        winner = db.session.get(Plan, winners[0])
        assert winner is not None
        for status, tekst, days in (
            (
                Uitvoering.IN_UITVOERING,
                "De aannemer is begonnen. Het werk duurt ongeveer zes weken.",
                -60,
            ),
            (
                Uitvoering.KLAAR,
                "Het plan is klaar. Kom kijken en vertel ons wat u ervan vindt.",
                -20,
            ),
        ):
            services.report_progress(
                officer, winner, status, tekst, when=utcnow() + timedelta(days=days)
            )


def _seed_noord(users: dict[str, Any]) -> None:
    titel = "Geld voor Lent 2026"
    lent = _wijk("Lent")
    if _exists(titel) or lent is None:
        return
    begroting = _begroting(
        titel,
        "Lent krijgt € 25.000. Hebt u een plan voor de wijk? Stuur het in. Daarna stemt iedereen uit Lent.",
        25_000,
        (-3, 20, 40, 60, 90),
        gebied=Gebied.WIJKEN,
        stemwijze=Stemwijze.MAXIMAAL,
        max_keuzes=3,
    )
    begroting.wijken = [lent]
    _plan(
        begroting,
        users["inwoner2"],
        "Picknicktafels aan de Spiegelwaal",
        lent,
        "Spiegelwaal",
        6_000,
        "Zet picknicktafels aan het water. Dan kunnen buren daar samen eten en praten.",
        status=PlanStatus.INGEDIEND,
    )


@demo_seeder(order=25)
def seed_begroten(users: dict[str, Any]) -> None:
    _seed_hatert(users)
    _seed_dukenburg(users)
    _seed_noord(users)
    db.session.flush()
