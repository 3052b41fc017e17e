"""Demo data: three events to come (one full, with a waiting list; one online; one without
registration) and one past event with a report. Idempotent."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from open_nijmegen.bijeenkomsten.models import Aanmelding, AanmeldStatus, Bijeenkomst
from open_nijmegen.cli import demo_seeder
from open_nijmegen.core.db import utcnow
from open_nijmegen.extensions import db

VOL = "Wijkavond Hatert: hoe maken we het plein groener?"


def _at(days: int, hour: int, minutes: int = 0) -> Any:
    from datetime import datetime, time

    from open_nijmegen.bijeenkomsten.forms import to_utc

    day = datetime.now().date() + timedelta(days=days)
    return to_utc(day, time(hour, minutes))


@demo_seeder(order=40)
def seed_bijeenkomsten(users: dict[str, Any]) -> None:
    if db.session.scalar(sa.select(Bijeenkomst.id).where(Bijeenkomst.titel == VOL)) is not None:
        return
    now = utcnow()
    staff = users.get("participatiemedewerker")
    common = {"created_by_id": getattr(staff, "id", None)}
    vol = Bijeenkomst(
        titel=VOL,
        tekst=(
            "Het plein in Hatert wordt opnieuw ingericht. Wat wilt u op het plein? Meer bomen? "
            "Een plek om te zitten? Kom praten met de buren en met de gemeente.\n\n"
            "Er is koffie en thee. Kinderen zijn welkom."
        ),
        begint_op=_at(10, 19, 30),
        eindigt_op=_at(10, 21, 30),
        adres="Wijkcentrum Hatert, Hatertseweg 120, Nijmegen",
        zaal="Grote zaal",
        drempelvrij=True,
        ringleiding=True,
        capaciteit=3,
        aanmelden_tot=_at(9, 23, 59),
        bezet=3,
        **common,
    )
    online = Bijeenkomst(
        titel="Online uitleg: de nieuwe afvalregels",
        tekst=(
            "Vanaf volgend jaar halen we het afval anders op. In deze online uitleg vertellen we "
            "wat er verandert. U kunt vragen stellen in de chat."
        ),
        begint_op=_at(14, 20, 0),
        eindigt_op=_at(14, 21, 0),
        online=True,
        online_link="https://meet.example.org/afval-nijmegen",
        capaciteit=100,
        **common,
    )
    inloop = Bijeenkomst(
        titel="Inloop: plannen voor de Waalkade",
        tekst=(
            "Bekijk de tekeningen voor de nieuwe Waalkade. Medewerkers van de gemeente leggen "
            "uit wat er gaat gebeuren. U hoeft zich niet aan te melden."
        ),
        begint_op=_at(21, 15, 0),
        eindigt_op=_at(21, 18, 0),
        adres="Stadhuis Nijmegen, Korte Burchtstraat 20",
        zaal="Burgerzaal",
        drempelvrij=True,
        stille_ruimte=True,
        gebarentolk=True,
        aanmelden_nodig=False,
        **common,
    )
    voorbij = Bijeenkomst(
        titel="Buurtgesprek Lindenholt: veilig naar school",
        tekst=(
            "Ouders, kinderen en buren praatten over de weg naar school. Waar is het druk? "
            "Waar voelt het niet veilig? De gemeente luisterde."
        ),
        begint_op=_at(-20, 19, 0),
        eindigt_op=_at(-20, 21, 0),
        adres="Basisschool De Klokkenberg, Lindenholt",
        drempelvrij=True,
        capaciteit=40,
        verslag=(
            "Er kwamen 27 mensen. Veel ouders vinden de kruising bij de school druk. "
            "De gemeente kijkt of daar een zebrapad kan komen. Ook komen er borden met "
            "'Let op: kinderen'.\n\nIn het voorjaar vertellen we wat we gaan doen."
        ),
        aanwezig=27,
        verslag_op=now - timedelta(days=15),
        **common,
    )
    db.session.add_all([vol, online, inloop, voorbij])
    db.session.flush()
    resident = users.get("inwoner")
    rows = [
        Aanmelding(
            bijeenkomst_id=vol.id,
            user_id=resident.id,
            status=AanmeldStatus.AANGEMELD,
            bevestigd_op=now,
        )
        if resident is not None
        else None,
        Aanmelding(
            bijeenkomst_id=vol.id,
            naam="Joke de Bruin",
            email="joke@example.org",
            status=AanmeldStatus.AANGEMELD,
            bevestigd_op=now,
            kinderopvang=True,
        ),
        Aanmelding(
            bijeenkomst_id=vol.id,
            naam="Ahmed Yilmaz",
            email="ahmed@example.org",
            status=AanmeldStatus.AANGEMELD,
            bevestigd_op=now,
            tolk=True,
        ),
        Aanmelding(
            bijeenkomst_id=vol.id,
            naam="Piet Jansen",
            email="piet@example.org",
            status=AanmeldStatus.WACHTLIJST,
            bevestigd_op=now,
            hulp="Ik kom met een rolstoel.",
        ),
    ]
    db.session.add_all([r for r in rows if r is not None])
    if resident is None:
        vol.bezet = 2
    db.session.flush()
