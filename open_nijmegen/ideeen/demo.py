"""Demo data: Nijmegen's stadsdelen and wijken, thema's, two trajecten and a few ideas.

The wijken list is a starting point for the beheerder to check against the CBS wijk- en
buurtindeling (gemeentecode 0268). Idempotent: running it twice changes nothing.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from open_nijmegen.cli import demo_seeder
from open_nijmegen.core.db import utcnow
from open_nijmegen.extensions import db

WIJKEN: dict[str, list[str]] = {
    "Nijmegen-Centrum": ["Stadscentrum", "Benedenstad"],
    "Nijmegen-Oost": ["Bottendaal", "Altrade", "Hunnerberg", "Hengstdal", "Groenewoud"],
    "Nijmegen-Oud-West": ["Biezen", "Waterkwartier", "Wolfskuil"],
    "Nijmegen-Nieuw-West": ["Hees", "Heseveld", "Neerbosch-Oost"],
    "Nijmegen-Midden": ["Nijerode", "Kolpingbuurt", "Landbouwbuurt", "Goffert"],
    "Nijmegen-Zuid": ["Hatert", "Hatertse Hei", "Grootstal"],
    "Dukenburg": [
        "Aldenhof",
        "Malvert",
        "Meijhorst",
        "Weezenhof",
        "Lankforst",
        "Tolhuis",
        "Zwanenveld",
    ],
    "Lindenholt": ["'t Acker", "De Kamp", "Leuvensbroek"],
    "Nijmegen-Noord": ["Lent", "Oosterhout", "Ressen"],
}

THEMAS = [
    "Groen en natuur",
    "Verkeer en parkeren",
    "Spelen en sport",
    "Schoon en heel",
    "Samen in de wijk",
    "Veiligheid",
    "Cultuur en evenementen",
]

IDEAS = [
    (
        "Meer bankjes langs de Waalkade",
        "Op de Waalkade kun je mooi naar de rivier kijken. Maar er zijn weinig plekken om te "
        "zitten. Vooral ouderen willen vaker even rusten. Zet er daarom meer bankjes neer. "
        "Het liefst met een leuning.",
        "Benedenstad",
        "Samen in de wijk",
        "Waalkade",
    ),
    (
        "Een speeltuin met schaduw in Hatert",
        "In de zomer is het speelveld aan de Hatertseweg erg heet. Er staat geen boom. "
        "Plant bomen of zet een zonnedoek neer. Dan kunnen kinderen ook in de zomer buiten spelen.",
        "Hatert",
        "Spelen en sport",
        None,
    ),
    (
        "Veilig oversteken bij de school in Lent",
        "Veel kinderen fietsen naar school. Bij de kruising is het druk en auto's rijden hard. "
        "Maak een zebrapad en een drempel. Dan kunnen kinderen veilig oversteken.",
        "Lent",
        "Verkeer en parkeren",
        None,
    ),
    (
        "Moestuin voor de buurt in het Goffertpark",
        "Laat buurtbewoners samen groente kweken aan de rand van het Goffertpark. "
        "Zo leer je elkaar kennen. Kinderen leren waar eten vandaan komt.",
        "Goffert",  # the Goffertpark lies in the wijk Goffert (Nijmegen-Midden), not in Hengstdal
        "Groen en natuur",
        "Goffertpark",
    ),
]


def seed_reference_data() -> None:
    """Wijken, thema's and the standing traject (also used by the bench)."""
    from open_nijmegen.core.wijken import Wijk
    from open_nijmegen.ideeen.models import Thema, Traject, TrajectFase
    from open_nijmegen.ideeen.phases import Fase

    existing = set(db.session.scalars(sa.select(Wijk.naam)))
    for stadsdeel, names in WIJKEN.items():
        for naam in names:
            if naam not in existing:
                db.session.add(Wijk(naam=naam, stadsdeel=stadsdeel))
    known = set(db.session.scalars(sa.select(Thema.naam)))
    for naam in THEMAS:
        if naam not in known:
            db.session.add(Thema(naam=naam))
    if db.session.scalar(sa.select(Traject).where(Traject.slug == "ideeen-voor-nijmegen")) is None:
        db.session.add(
            Traject(
                slug="ideeen-voor-nijmegen",
                titel="Ideeën voor Nijmegen",
                beschrijving="Hebt u een idee voor uw buurt of de stad? Hier kunt u het altijd kwijt.",
                doorlopend=True,
            )
        )
    if db.session.scalar(sa.select(Traject).where(Traject.slug == "groen-in-dukenburg")) is None:
        now = utcnow()
        traject = Traject(
            slug="groen-in-dukenburg",
            titel="Groen in Dukenburg",
            beschrijving="Hoe maken we Dukenburg groener? Stuur uw idee in en steun ideeën van anderen.",
        )
        traject.fases = [
            TrajectFase(fase=Fase.IDEEEN, begint_op=now - timedelta(days=10)),
            TrajectFase(fase=Fase.STEUNEN, begint_op=now + timedelta(days=30)),
            TrajectFase(fase=Fase.BEANTWOORDEN, begint_op=now + timedelta(days=60)),
            TrajectFase(fase=Fase.RESULTATEN, begint_op=now + timedelta(days=120)),
        ]
        db.session.add(traject)
    db.session.flush()


@demo_seeder(order=10)
def seed(users: dict[str, Any]) -> None:
    from open_nijmegen.core.interactions.services import ensure_follow
    from open_nijmegen.core.models import StatusChange
    from open_nijmegen.core.wijken import Wijk
    from open_nijmegen.ideeen import services
    from open_nijmegen.ideeen.models import Idee, IdeeStatus, Moderatie, Thema
    from open_nijmegen.ideeen.queries import standing_traject

    seed_reference_data()
    traject = standing_traject()
    author, other, officer = users["inwoner"], users["inwoner2"], users["participatiemedewerker"]
    for titel, tekst, wijk_naam, thema_naam, adres in IDEAS:
        if db.session.scalar(sa.select(Idee.id).where(Idee.titel == titel)) is not None:
            continue
        wijk = db.session.scalar(sa.select(Wijk).where(Wijk.naam == wijk_naam))
        thema = db.session.scalar(sa.select(Thema).where(Thema.naam == thema_naam))
        idee = Idee(
            traject_id=traject.id,
            author_id=author.id,
            titel=titel,
            tekst=tekst,
            wijk_id=wijk.id,
            thema_id=thema.id,
            adres=adres,
        )
        if wijk_naam == "Goffert":
            idee.lat, idee.lon = 51.8255, 5.8380
        idee.moderatie = Moderatie.GOEDGEKEURD
        idee.published_at = utcnow()
        db.session.add(idee)
        db.session.flush()
        ensure_follow(author, idee)
        services.support(other, idee)
    _seed_similar(traject, other)
    _seed_neighbours()
    _fix_geography()
    first = db.session.scalar(sa.select(Idee).where(Idee.titel == IDEAS[0][0]))
    if first is not None and first.status == IdeeStatus.OPEN:
        # Written directly: the demo runs without a request, so it sends no mail.
        first.status = IdeeStatus.IN_BEHANDELING
        first.answered_at = utcnow()
        db.session.add(
            StatusChange(
                object_type="idee",
                object_id=first.id,
                from_status=IdeeStatus.OPEN.value,
                to_status=IdeeStatus.IN_BEHANDELING.value,
                explanation="Goed idee. We kijken waar bankjes passen. "
                "We laten het u in het voorjaar weten.",
                actor_id=officer.id,
            )
        )
    if first is not None and not first.reaction_count:
        _seed_reactions(first, author, other, officer)


# Like the form's own example ("Meer bankjes langs de Waalkade") and written by someone else
# than the demo inwoner: who starts typing that title sees the similar-ideas list with a
# "Steun dit idee" button (fewer duplicates).
SIMILAR = (
    "Bankjes in de schaduw op de Waalkade",
    "Op warme dagen is het op de Waalkade heet. De bankjes staan in de zon. Zet ook bankjes "
    "onder de bomen. Dan kunnen mensen even rusten in de schaduw.",
    "Benedenstad",
    "Samen in de wijk",
)


def _seed_similar(traject: Any, writer: Any) -> None:
    from open_nijmegen.core.interactions.services import ensure_follow
    from open_nijmegen.core.wijken import Wijk
    from open_nijmegen.ideeen.models import Idee, Moderatie, Thema

    titel, tekst, wijk_naam, thema_naam = SIMILAR
    if db.session.scalar(sa.select(Idee.id).where(Idee.titel == titel)) is not None:
        return
    idee = Idee(
        traject_id=traject.id,
        author_id=writer.id,
        titel=titel,
        tekst=tekst,
        wijk_id=db.session.scalar(sa.select(Wijk.id).where(Wijk.naam == wijk_naam)),
        thema_id=db.session.scalar(sa.select(Thema.id).where(Thema.naam == thema_naam)),
        moderatie=Moderatie.GOEDGEKEURD,
        published_at=utcnow(),
    )
    db.session.add(idee)
    db.session.flush()
    ensure_follow(writer, idee)


def _fix_geography() -> None:
    """Older demo data put the Goffertpark idea in Hengstdal: move it to the wijk Goffert."""
    from open_nijmegen.core.wijken import Wijk
    from open_nijmegen.ideeen.models import Idee

    goffert = db.session.scalar(sa.select(Wijk).where(Wijk.naam == "Goffert"))
    idee = db.session.scalar(sa.select(Idee).where(Idee.titel == IDEAS[3][0]))
    if goffert is not None and idee is not None and idee.wijk_id != goffert.id:
        idee.wijk_id = goffert.id
        idee.lat, idee.lon = 51.8255, 5.8380


def _seed_reactions(idee: Any, author: Any, other: Any, officer: Any) -> None:
    """A short conversation under the first idea, and one reaction an officer hid (it shows
    in the list of hidden reactions on /beheer/meldingen, where it can be shown again)."""
    from open_nijmegen.core.interactions.services import add_reaction

    top = add_reaction(other, idee, "Goed plan. Mijn moeder wandelt daar elke dag.")
    add_reaction(author, idee, "Dank u. Waar zou u een bankje willen?", parent_id=top.id)
    hidden = add_reaction(other, idee, "Deze reactie was niet netjes.")
    # A reply under the hidden reaction: it stays visible, under "verborgen door de moderator".
    add_reaction(
        author, idee, "Laten we het netjes houden. Ik kijk graag mee.", parent_id=hidden.id
    )
    hidden.hide(officer.id, "Er stond een scheldwoord in.")


NEIGHBOURS = 12  # demo residents (no password) who support the ideas of three wijken


def _seed_neighbours() -> None:
    """Enough different supporters in Benedenstad, Hatert and Lent that /resultaten shows
    their reach per 1,000 inhabitants; the other wijken show the small-cell state."""
    from open_nijmegen.accounts.models import User
    from open_nijmegen.accounts.services import create_user
    from open_nijmegen.core.wijken import Wijk
    from open_nijmegen.ideeen import services
    from open_nijmegen.ideeen.models import Idee

    ideas = list(
        db.session.scalars(
            sa.select(Idee)
            .join(Wijk, Wijk.id == Idee.wijk_id)
            .where(
                Wijk.naam.in_(["Benedenstad", "Hatert", "Lent"]),
                Idee.titel.in_([idea[0] for idea in IDEAS]),  # the same ideas on every run
            )
            .order_by(Idee.id)
        )
    )
    for n in range(1, NEIGHBOURS + 1):
        email = f"buurtbewoner{n}@demo.open-nijmegen.nl"
        user = db.session.scalar(sa.select(User).where(User.email == email))
        if user is None:
            user = create_user(f"Buurtbewoner {n}", email, None, confirmed=True)
        for idee in ideas:
            services.support(user, idee)
