"""Demo challenges in Nijmegen, in several states, in plain B1 Dutch. Idempotent: a challenge
that exists (same challenger and task) is left alone.

The cases go through the real services, so their history, deadlines and mails are what a real
case would have; the dates lie in the past, relative to today."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from open_nijmegen.cli import demo_seeder
from open_nijmegen.extensions import db
from open_nijmegen.uitdaagrecht import services
from open_nijmegen.uitdaagrecht.models import Oordeel, Uitdaging
from open_nijmegen.uitdaagrecht.workflow import STANDAARD_CRITERIA, Actie, Actor


def _exists(user: Any, taak: str) -> bool:
    return (
        db.session.scalar(
            sa.select(Uitdaging.id).where(Uitdaging.uitdager_id == user.id, Uitdaging.taak == taak)
        )
        is not None
    )


def _concept(user: Any, data: dict[str, Any], tot_stap: int = 8) -> Uitdaging:
    fields = [
        (1, ("soort_uitdager", "organisatie_naam", "rechtsvorm", "kvk_nummer", "contact_naam")),
        (2, ("taak", "taak_omschrijving")),
        (3, ("waarom_beter",)),
        (4, ("ervaring",)),
        (5, ("draagvlak",)),
        (6, ("kosten", "budget_gevraagd", "budget_bedrag")),
        (7, ("hulp_gemeente",)),
        (8, ("kwaliteit",)),
    ]
    uitdaging = None
    for nummer, names in fields:
        if nummer > tot_stap:
            break
        values = {name: data.get(name) for name in names}
        uitdaging = services.save_step(user, uitdaging, nummer, values)
    assert uitdaging is not None
    return uitdaging


def _beoordeel(officer: Any, uitdaging: Uitdaging, oordeel: Oordeel, notes: dict[str, str]) -> None:
    services.save_beoordeling(
        officer,
        uitdaging,
        {code: (oordeel, notes.get(code, "In orde.")) for code in STANDAARD_CRITERIA},
    )


GROEN = {
    "soort_uitdager": "organisatie",
    "organisatie_naam": "Buurtvereniging Meijhorst Groen",
    "rechtsvorm": "vereniging",
    "kvk_nummer": "40123456",
    "contact_naam": "Henk de Vries",
    "taak": "Onderhoud van het groen in de Meijhorst",
    "taak_omschrijving": (
        "Wij willen het onderhoud van de plantsoenen in de Meijhorst doen. Het gaat om maaien, "
        "snoeien en afval rapen. Dat doen wij elke week, van maart tot november."
    ),
    "waarom_beter": (
        "Wij wonen hier zelf. Wij zien meteen wat er mis is. Zo blijft de buurt schoner. "
        "Ook kost het de gemeente minder geld."
    ),
    "ervaring": (
        "Twaalf leden doen al drie jaar de moestuin bij de wijkboerderij. "
        "Twee leden werkten als hovenier."
    ),
    "draagvlak": (
        "Wij hebben 214 handtekeningen van buren. De basisschool en de wijkraad steunen het plan."
    ),
    "kosten": (
        "Gereedschap en een aanhanger kosten eenmalig 4.500 euro. "
        "Groenafval afvoeren kost 2.000 euro per jaar."
    ),
    "budget_gevraagd": "ja",
    "budget_bedrag": 18000,
    "hulp_gemeente": "Wij willen hulp bij de eerste snoeiklus. En een plek om het gereedschap op te slaan.",
    "kwaliteit": (
        "Wij maken een rooster met vaste vrijwilligers. Elke maand lopen wij met de gemeente een "
        "ronde door de wijk. Stopt iemand? Dan neemt een ander het over."
    ),
}

BUURTHUIS = {
    "soort_uitdager": "organisatie",
    "organisatie_naam": "Stichting Buurthuis De Horst",
    "rechtsvorm": "stichting",
    "kvk_nummer": "",
    "contact_naam": "Fatima El Amrani",
    "taak": "Het beheer van buurthuis De Horst in Hatert",
    "taak_omschrijving": (
        "Wij willen het buurthuis in Hatert zelf beheren. Wij openen en sluiten het gebouw. "
        "Wij verhuren de zalen en maken het programma."
    ),
    "waarom_beter": (
        "Bewoners weten zelf het best wat de buurt nodig heeft. "
        "Het buurthuis kan dan ook 's avonds en in het weekend open."
    ),
    "ervaring": "Ons bestuur organiseert al vijf jaar de taalcafés en de kinderactiviteiten.",
    "draagvlak": "Zeventien clubs gebruiken het buurthuis. Veertien clubs steunen ons plan in een brief.",
    "kosten": "De huur en de energie kosten ongeveer 30.000 euro per jaar.",
    "budget_gevraagd": "ja",
    "budget_bedrag": 30000,
    "hulp_gemeente": "Wij willen een vast aanspreekpunt bij de gemeente. En hulp bij de verzekering.",
    "kwaliteit": "Wij werken met een vrijwilligersrooster en een vaste coördinator voor 16 uur per week.",
}

SPEELTUIN = {
    "soort_uitdager": "organisatie",
    "organisatie_naam": "Bewonersgroep Speeltuin Tolhuis",
    "rechtsvorm": "buurtcomite",
    "contact_naam": "Fatima El Amrani",
    "taak": "Toezicht op de speeltuin aan de Tolhuis",
    "taak_omschrijving": "Wij willen elke dag de speeltuin openen, sluiten en schoonhouden.",
    "waarom_beter": "Wij wonen naast de speeltuin. Wij zien het meteen als er iets kapot is.",
    "ervaring": "Wij zijn ouders uit de buurt. Twee van ons zijn leerkracht.",
    "draagvlak": "Veertig gezinnen uit de straat steunen het plan.",
    "kosten": "Een bezem, een grijper en vuilniszakken kosten 150 euro per jaar.",
    "budget_gevraagd": "nee",
    "hulp_gemeente": "Een sleutel van het hek.",
    "kwaliteit": "Wij maken een rooster met tien ouders.",
}

WAALKADE = {
    "soort_uitdager": "persoon",
    "contact_naam": "Henk de Vries",
    "taak": "Afval rapen langs de Waalkade",
    "taak_omschrijving": "Ik wil elke ochtend het afval langs de Waalkade rapen.",
    "waarom_beter": "Ik loop daar elke dag met de hond. Dan kan ik het meteen doen.",
    "ervaring": "Ik doe mee met de landelijke opschoondag.",
    "draagvlak": "De horeca aan de Waalkade vindt het een goed idee.",
    "kosten": "Een grijper en vuilniszakken kosten 200 euro per jaar.",
    "budget_gevraagd": "nee",
    "hulp_gemeente": "De gemeente haalt de volle zakken op.",
    "kwaliteit": "Als ik niet kan, vraag ik een buurman.",
}

BLOEMBAKKEN = {
    "soort_uitdager": "organisatie",
    "organisatie_naam": "Bewonersgroep Lankforst Bloeit",
    "rechtsvorm": "buurtcomite",
    "contact_naam": "Henk de Vries",
    "taak": "Bloembakken in de Lankforst onderhouden",
    "taak_omschrijving": "Wij willen de 40 bloembakken in het winkelcentrum Lankforst verzorgen.",
    "waarom_beter": "Wij doen het met plantjes uit onze eigen kwekerij. Dat is goedkoper.",
    "ervaring": "Drie van ons werkten bij een tuincentrum.",
    "draagvlak": "De winkeliersvereniging betaalt mee.",
    "kosten": "Plantjes en potgrond kosten 1.200 euro per jaar.",
    "budget_gevraagd": "ja",
    "budget_bedrag": 1200,
    "hulp_gemeente": "Water uit de kraan van het winkelcentrum.",
    "kwaliteit": "Wij hebben een vast rooster met acht vrijwilligers.",
}


@demo_seeder(order=20)
def seed_uitdaagrecht(users: dict[str, Any]) -> None:
    fatima, henk = users["inwoner"], users["inwoner2"]
    officer = users["participatiemedewerker"]
    today = services.vandaag()
    besluit_velden = {"rechtsmiddelen": None, "verzonden_op": None}
    from open_nijmegen.uitdaagrecht.settings import rechtsmiddelen_tekst

    besluit_velden["rechtsmiddelen"] = rechtsmiddelen_tekst()

    if not _exists(henk, GROEN["taak"]):
        start = today - timedelta(days=150)
        u = _concept(henk, GROEN)
        services.submit(henk, u, start)
        services.take_step(officer, u, Actie.START_TOETS, Actor.OFFICER, {}, start + timedelta(2))
        services.take_step(
            officer, u, Actie.NEEM_IN_BEHANDELING, Actor.OFFICER, {}, start + timedelta(9)
        )
        _beoordeel(
            officer,
            u,
            Oordeel.VOLDOET,
            {
                "waarde": "Een schone, groene buurt is goed voor iedereen in de Meijhorst.",
                "draagvlak": "Meer dan 200 buren tekenden. De wijkraad steunt het plan.",
                "budget": "Het geld voor het groen in de Meijhorst staat in de begroting.",
            },
        )
        services.save_publiek(
            officer,
            u,
            "Een buurtvereniging in Dukenburg wil het groen in de Meijhorst onderhouden.",
        )
        services.take_step(
            officer,
            u,
            Actie.BESLUIT_TOEKENNEN,
            Actor.OFFICER,
            {**besluit_velden, "verzonden_op": start + timedelta(40)},
            start + timedelta(40),
        )
        services.take_step(
            officer,
            u,
            Actie.SLUIT_OVEREENKOMST,
            Actor.OFFICER,
            {
                "samenvatting_overeenkomst": (
                    "De vereniging onderhoudt 3 hectare groen. De gemeente betaalt 18.000 euro "
                    "per jaar. Elk kwartaal is er een ronde door de wijk."
                )
            },
            start + timedelta(70),
        )
        services.take_step(
            officer, u, Actie.START_UITVOERING, Actor.OFFICER, {}, start + timedelta(80)
        )
        services.take_step(
            henk,
            u,
            Actie.MELD_VOORTGANG,
            Actor.CHALLENGER,
            {"voortgang": "Wij hebben de eerste maand gemaaid. Het gaat goed."},
            start + timedelta(110),
        )

    if not _exists(fatima, BUURTHUIS["taak"]):
        start = today - timedelta(days=20)
        u = _concept(fatima, BUURTHUIS)
        services.submit(fatima, u, start)
        services.take_step(officer, u, Actie.START_TOETS, Actor.OFFICER, {}, start + timedelta(1))
        services.take_step(
            officer, u, Actie.NEEM_IN_BEHANDELING, Actor.OFFICER, {}, start + timedelta(6)
        )

    if not _exists(fatima, SPEELTUIN["taak"]):
        # A concept the challenger continues later: every step is filled in, not yet filed.
        _concept(fatima, SPEELTUIN, tot_stap=8)

    if not _exists(henk, WAALKADE["taak"]):
        start = today - timedelta(days=60)
        u = _concept(henk, WAALKADE)
        services.submit(henk, u, start)
        services.take_step(officer, u, Actie.START_TOETS, Actor.OFFICER, {}, start + timedelta(3))
        services.take_step(
            officer, u, Actie.NEEM_IN_BEHANDELING, Actor.OFFICER, {}, start + timedelta(5)
        )
        _beoordeel(
            officer,
            u,
            Oordeel.VOLDOET_NIET,
            {
                "past_bij_contracten": (
                    "De Waalkade valt onder een lopend contract met Dar. "
                    "Dat contract loopt tot 2028."
                ),
                "veilig_en_wettig": "Alleen werken langs het water is niet veilig.",
            },
        )
        services.take_step(
            officer,
            u,
            Actie.BESLUIT_AFWIJZEN,
            Actor.OFFICER,
            {**besluit_velden, "verzonden_op": today - timedelta(days=10)},
            today - timedelta(days=10),
        )

    if not _exists(henk, BLOEMBAKKEN["taak"]):
        start = today - timedelta(days=400)
        u = _concept(henk, BLOEMBAKKEN)
        services.submit(henk, u, start)
        services.take_step(officer, u, Actie.START_TOETS, Actor.OFFICER, {}, start + timedelta(1))
        services.take_step(
            officer, u, Actie.NEEM_IN_BEHANDELING, Actor.OFFICER, {}, start + timedelta(4)
        )
        _beoordeel(officer, u, Oordeel.VOLDOET, {"waarde": "Een mooi winkelcentrum met bloemen."})
        services.take_step(
            officer,
            u,
            Actie.BESLUIT_TOEKENNEN,
            Actor.OFFICER,
            {**besluit_velden, "verzonden_op": start + timedelta(30)},
            start + timedelta(30),
        )
        for actie, velden, dag in (
            (
                Actie.SLUIT_OVEREENKOMST,
                {"samenvatting_overeenkomst": "De groep verzorgt 40 bakken, één jaar lang."},
                45,
            ),
            (Actie.START_UITVOERING, {}, 50),
            (Actie.START_EVALUATIE, {}, 380),
            (
                Actie.ROND_AF,
                {
                    "evaluatie": (
                        "De bakken zagen er het hele jaar goed uit. Winkeliers zijn tevreden. "
                        "De groep gaat door."
                    )
                },
                390,
            ),
        ):
            services.take_step(officer, u, actie, Actor.OFFICER, velden, start + timedelta(dag))

    if not _exists(fatima, "Schoonmaak van de Hatertse Vennen"):
        start = today - timedelta(days=12)
        u = _concept(
            fatima,
            {
                **BUURTHUIS,
                "organisatie_naam": "Vereniging Vrienden van de Hatertse Vennen",
                "rechtsvorm": "vereniging",
                "taak": "Schoonmaak van de Hatertse Vennen",
                "taak_omschrijving": "Wij willen elke maand het afval rond de vennen opruimen.",
            },
        )
        services.submit(fatima, u, start)
        services.take_step(officer, u, Actie.START_TOETS, Actor.OFFICER, {}, start + timedelta(2))
        services.take_step(
            officer,
            u,
            Actie.VRAAG_AANVULLING,
            Actor.OFFICER,
            {
                "gevraagde_aanvulling": "een begroting per jaar en een lijst van uw vrijwilligers",
                "aanvullen_voor": today + timedelta(days=18),
            },
            start + timedelta(4),
        )
    db.session.flush()
