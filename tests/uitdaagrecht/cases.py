"""Helpers for the uitdaagrecht tests: a complete concept, and a filed case brought to any
status through the real services (so history, clock facts and mails are what a real case has).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from factories import hostile

from open_nijmegen.extensions import db
from open_nijmegen.uitdaagrecht import services
from open_nijmegen.uitdaagrecht.models import Oordeel, Uitdaging
from open_nijmegen.uitdaagrecht.settings import rechtsmiddelen_tekst
from open_nijmegen.uitdaagrecht.workflow import STANDAARD_CRITERIA, Actie, Actor, Status

# Filed 20 days ago: an extension is still possible, and an aanvulling asked the next day with
# a term of 4 days has passed unused by today.
FILED_DAYS_AGO = 20


def complete_values(organisatie: bool = True) -> dict[int, dict[str, Any]]:
    return {
        1: {
            "soort_uitdager": "organisatie" if organisatie else "persoon",
            "organisatie_naam": hostile("Stichting ") if organisatie else None,
            "rechtsvorm": "stichting" if organisatie else None,
            "kvk_nummer": "12345678" if organisatie else None,
            "contact_naam": "Persoonlijke Naam Contact",
            "contact_email": "contact-prive@example.org",
            "contact_telefoon": "024-1234567",
        },
        2: {"taak": hostile("Groen ")[:190], "taak_omschrijving": hostile("Omschrijving ")},
        3: {"waarom_beter": hostile()},
        4: {"ervaring": hostile()},
        5: {"draagvlak": hostile()},
        6: {"kosten": hostile(), "budget_gevraagd": "ja", "budget_bedrag": 1000},
        7: {"hulp_gemeente": hostile()},
        8: {"kwaliteit": hostile()},
    }


def make_concept(user: Any, organisatie: bool = True, tot_stap: int = 8) -> Uitdaging:
    uitdaging = None
    for nummer, values in complete_values(organisatie).items():
        if nummer > tot_stap:
            break
        uitdaging = services.save_step(user, uitdaging, nummer, values)
    db.session.commit()
    assert uitdaging is not None
    return uitdaging


def decision_fields(**extra: Any) -> dict[str, Any]:
    return {"rechtsmiddelen": rechtsmiddelen_tekst(), "verzonden_op": services.vandaag(), **extra}


def assess(officer: Any, uitdaging: Uitdaging) -> None:
    services.save_beoordeling(
        officer,
        uitdaging,
        {code: (Oordeel.VOLDOET, f"Uitleg over {code}.") for code in STANDAARD_CRITERIA},
    )


def reach(status: Status, challenger: Any, officer: Any, *, expired: bool = False) -> Uitdaging:
    """A case of ``challenger`` in ``status``. ``expired``: an aanvulling whose term passed."""
    today = services.vandaag()
    start = today - timedelta(days=FILED_DAYS_AGO)
    u = make_concept(challenger)
    services.submit(challenger, u, start)

    def step(actie: Actie, actor: Actor = Actor.OFFICER, op: date | None = None, **velden: Any):
        who = challenger if actor == Actor.CHALLENGER else officer
        services.take_step(who, u, actie, actor, velden, op or today)

    if status == Status.INGEDIEND:
        pass
    elif status == Status.INGETROKKEN:
        step(Actie.TREK_IN, Actor.CHALLENGER)
    else:
        step(Actie.START_TOETS, op=start + timedelta(days=1))
        if status == Status.AANVULLING_GEVRAAGD or status == Status.BUITEN_BEHANDELING:
            asked = (
                start + timedelta(days=1)
                if expired or status == Status.BUITEN_BEHANDELING
                else today
            )
            until = asked + timedelta(days=4) if asked < today else today + timedelta(days=14)
            step(
                Actie.VRAAG_AANVULLING,
                op=asked,
                gevraagde_aanvulling="een begroting",
                aanvullen_voor=until,
            )
            if status == Status.BUITEN_BEHANDELING:
                step(Actie.SLUIT_BUITEN_BEHANDELING, reden="Niets ontvangen.", **decision_fields())
        elif status == Status.NIET_ONTVANKELIJK:
            step(
                Actie.VERKLAAR_NIET_ONTVANKELIJK,
                reden="Geen taak van de gemeente.",
                **decision_fields(),
            )
        elif status != Status.ONTVANKELIJKHEIDSTOETS:
            step(Actie.NEEM_IN_BEHANDELING, op=start + timedelta(days=2))
            if status == Status.VERDAAGD:
                deadline = services.clock_voor(u).deadline(today)
                step(
                    Actie.VERDAAG, nieuwe_beslisdatum=deadline + timedelta(days=14), reden="Drukte."
                )
            elif status != Status.IN_BEHANDELING:
                assess(officer, u)
                if status == Status.AFGEWEZEN:
                    step(Actie.BESLUIT_AFWIJZEN, **decision_fields())
                elif status == Status.DEELS_TOEGEKEND:
                    step(
                        Actie.BESLUIT_DEELS_TOEKENNEN,
                        toegekend_deel="Het maaien.",
                        **decision_fields(),
                    )
                else:
                    step(Actie.BESLUIT_TOEKENNEN, **decision_fields())
                    later = [
                        (
                            Status.OVEREENKOMST,
                            Actie.SLUIT_OVEREENKOMST,
                            {"samenvatting_overeenkomst": "Afspraken."},
                        ),
                        (Status.IN_UITVOERING, Actie.START_UITVOERING, {}),
                        (Status.EVALUATIE, Actie.START_EVALUATIE, {}),
                        (Status.AFGEROND, Actie.ROND_AF, {"evaluatie": "Het ging goed."}),
                    ]
                    order = [s for s, _a, _v in later]
                    if status in order:
                        for _s, actie, velden in later[: order.index(status) + 1]:
                            step(actie, **velden)
    db.session.commit()
    assert u.status == status, (u.status, status)
    return u
