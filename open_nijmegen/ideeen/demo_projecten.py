"""Demo data that makes the home, project, list and map pages look real: a project per
stadsdeel with a phase timeline and an image, and ideas across the wijken, many with a photo
and a place. Images are drawn with Pillow (no files shipped). Idempotent.

Geography: the places are in the wijk they name (the Goffertpark lies in the wijk Goffert,
Nijmegen-Midden; the Waalkade in the Benedenstad); points are rough, inside that wijk.
"""

from __future__ import annotations

import io
import random
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from open_nijmegen.cli import demo_seeder
from open_nijmegen.core.db import utcnow
from open_nijmegen.extensions import db

# slug, stadsdeel, titel, samenvatting, beschrijving, phase start days from today (ideeen,
# steunen, beantwoorden, resultaten), image colour
PROJECTEN: list[tuple[str, str, str, str, str, tuple[int, int, int, int], tuple[int, int, int]]] = [
    (
        "groen-in-dukenburg",
        "Dukenburg",
        "Groen in Dukenburg",
        "Meer bomen, bloemen en schaduw in de wijken van Dukenburg.",
        "Hoe maken we Dukenburg groener? Stuur uw idee in en steun ideeën van anderen.\n\n"
        "De gemeente heeft geld voor vijf plekken. De ideeën met de meeste steun bekijken we eerst.",
        (-10, 30, 60, 120),
        (46, 125, 50),
    ),
    (
        "waalkade-van-iedereen",
        "Nijmegen-Centrum",
        "De Waalkade van iedereen",
        "Hoe wordt de Waalkade een fijne plek voor bewoners en bezoekers?",
        "De Waalkade wordt opnieuw ingericht. Wat vindt u belangrijk: bankjes, groen, ruimte "
        "voor fietsers of juist rust? Steun de ideeën die u goed vindt.",
        (-40, -5, 25, 90),
        (30, 90, 140),
    ),
    (
        "veilig-naar-school-oost",
        "Nijmegen-Oost",
        "Veilig naar school in Oost",
        "Veilige routes voor kinderen die lopen of fietsen naar school.",
        "Samen met scholen en ouders zoeken we de drukke plekken. De gemeente geeft nu antwoord "
        "op de ideeën. U kunt nog reageren.",
        (-70, -40, -10, 50),
        (200, 120, 40),
    ),
    (
        "pleinen-oud-west",
        "Nijmegen-Oud-West",
        "Pleinen in Oud-West",
        "Pleinen waar buren elkaar ontmoeten.",
        "In Biezen, het Waterkwartier en de Wolfskuil kijken we naar de pleinen. Dit project is "
        "klaar. Lees wat de gemeente met de ideeën doet.",
        (-150, -110, -80, -20),
        (150, 70, 110),
    ),
    (
        "spelen-in-nieuw-west",
        "Nijmegen-Nieuw-West",
        "Spelen in Nieuw-West",
        "Nieuwe speelplekken voor kinderen van alle leeftijden.",
        "Waar missen kinderen in Hees, Heseveld en Neerbosch-Oost een plek om te spelen? "
        "Straks kunt u hier uw idee insturen.",
        (14, 45, 75, 140),
        (220, 160, 30),
    ),
    (
        "goffertpark-voor-iedereen",
        "Nijmegen-Midden",
        "Het Goffertpark voor iedereen",
        "Een park waar jong en oud graag komt.",
        "Het Goffertpark is de grote tuin van de stad. Wat kan er beter? Denk aan paden, "
        "toiletten, licht of plekken om te zitten.",
        (-20, 20, 50, 110),
        (60, 140, 80),
    ),
    (
        "ontmoeten-in-zuid",
        "Nijmegen-Zuid",
        "Ontmoeten in Zuid",
        "Plekken en activiteiten waar buren elkaar leren kennen.",
        "In Hatert, de Hatertse Hei en Grootstal zoeken we ideeën om elkaar te ontmoeten. "
        "Steun de ideeën van uw buren.",
        (-30, -2, 28, 90),
        (180, 60, 60),
    ),
    (
        "lindenholt-beweegt",
        "Lindenholt",
        "Lindenholt beweegt",
        "Meer sport en bewegen in de buurt.",
        "Wandelen, fietsen, sporten: wat hebt u nodig om meer te bewegen in Lindenholt?",
        (-5, 40, 70, 130),
        (90, 90, 170),
    ),
    (
        "noord-groeit",
        "Nijmegen-Noord",
        "Nijmegen-Noord groeit",
        "Voorzieningen in de nieuwe wijken van Lent, Oosterhout en Ressen.",
        "Nijmegen-Noord groeit snel. Wat mist u in uw wijk? Een winkel, een plein, een pad langs "
        "het water? Stuur uw idee in.",
        (-15, 15, 45, 100),
        (40, 120, 150),
    ),
]

# wijk, place, lat, lon, project slug or None (the standing one)
PLEKKEN: list[tuple[str, str, float, float, str | None]] = [
    ("Benedenstad", "de Waalkade bij de Lindenberg", 51.8496, 5.8640, "waalkade-van-iedereen"),
    ("Stadscentrum", "Plein 1944", 51.8456, 5.8625, "waalkade-van-iedereen"),
    ("Benedenstad", "de trappen naar de Waal", 51.8502, 5.8685, "waalkade-van-iedereen"),
    ("Hunnerberg", "het Hunnerpark", 51.8462, 5.8715, None),
    ("Bottendaal", "de Van Oldenbarneveltstraat", 51.8415, 5.8520, "veilig-naar-school-oost"),
    ("Altrade", "de Groesbeekseweg", 51.8395, 5.8700, "veilig-naar-school-oost"),
    ("Hengstdal", "de Ubbergseweg", 51.8390, 5.8850, "veilig-naar-school-oost"),
    ("Stadscentrum", "het Kronenburgerpark", 51.8435, 5.8560, None),
    ("Wolfskuil", "het Wolfskuilplein", 51.8470, 5.8330, "pleinen-oud-west"),
    ("Waterkwartier", "de Voorstadslaan", 51.8525, 5.8410, "pleinen-oud-west"),
    ("Biezen", "de Tweede Walstraat", 51.8480, 5.8450, "pleinen-oud-west"),
    ("Hees", "de Dorpsstraat in Hees", 51.8450, 5.8150, None),
    ("Heseveld", "het speelveld in Heseveld", 51.8400, 5.8240, None),
    ("Goffert", "het Goffertpark", 51.8255, 5.8380, "goffertpark-voor-iedereen"),
    ("Goffert", "de ingang van het Goffertpark", 51.8270, 5.8420, "goffertpark-voor-iedereen"),
    ("Kolpingbuurt", "de Sint Annastraat", 51.8330, 5.8520, None),
    ("Hatert", "het winkelcentrum Hatert", 51.8165, 5.8255, "ontmoeten-in-zuid"),
    ("Hatertse Hei", "het bos bij de Hatertse Hei", 51.8110, 5.8340, "ontmoeten-in-zuid"),
    ("Grootstal", "de Grootstalselaan", 51.8175, 5.8440, "ontmoeten-in-zuid"),
    ("Meijhorst", "het winkelcentrum Dukenburg", 51.8165, 5.7950, "groen-in-dukenburg"),
    ("Malvert", "de vijver in Malvert", 51.8120, 5.7890, "groen-in-dukenburg"),
    ("Zwanenveld", "het park in Zwanenveld", 51.8080, 5.7780, "groen-in-dukenburg"),
    ("Tolhuis", "de speeltuin in Tolhuis", 51.8205, 5.7710, "groen-in-dukenburg"),
    ("'t Acker", "het sportpark in Lindenholt", 51.8330, 5.7830, "lindenholt-beweegt"),
    ("Leuvensbroek", "het fietspad langs het kanaal", 51.8375, 5.7700, "lindenholt-beweegt"),
    ("Lent", "de Spiegelwaal", 51.8600, 5.8560, "noord-groeit"),
    ("Oosterhout", "de dorpskern van Oosterhout", 51.8760, 5.8200, "noord-groeit"),
    ("Ressen", "het nieuwe plein in Ressen", 51.8780, 5.8700, "noord-groeit"),
    ("Groenewoud", "de Kwakkenbergweg", 51.8305, 5.8790, None),
    ("Neerbosch-Oost", "het winkelcentrum Neerbosch-Oost", 51.8370, 5.8190, None),
    ("Nijerode", "de Sint Jacobslaan", 51.8290, 5.8480, None),
    ("Landbouwbuurt", "het pleintje in de Landbouwbuurt", 51.8355, 5.8455, None),
    ("Aldenhof", "het speelveld in Aldenhof", 51.8230, 5.7950, None),
    ("Weezenhof", "het fietspad in Weezenhof", 51.8150, 5.8020, None),
    ("Lankforst", "het plein in Lankforst", 51.8215, 5.8050, None),
]

# titel, tekst, thema (filled in with the place)
ONDERWERPEN = [
    (
        "Meer bomen bij {plek}",
        "Bij {plek} is weinig schaduw. In de zomer is het daar erg heet. "
        "Plant een paar bomen. Dan is het er fijner voor iedereen.",
        "Groen en natuur",
    ),
    (
        "Bankjes bij {plek}",
        "Bij {plek} kun je nergens zitten. Ouderen willen graag even rusten. "
        "Zet er een paar bankjes neer, in de zon en in de schaduw.",
        "Samen in de wijk",
    ),
    (
        "Veilig oversteken bij {plek}",
        "Bij {plek} rijden auto's hard. Kinderen steken daar over "
        "naar school. Maak een zebrapad en een drempel.",
        "Verkeer en parkeren",
    ),
    (
        "Een speelplek bij {plek}",
        "Kinderen hebben bij {plek} geen plek om te spelen. Een klein "
        "speelveld met een schommel zou al veel helpen.",
        "Spelen en sport",
    ),
    (
        "Meer prullenbakken bij {plek}",
        "Bij {plek} ligt vaak afval op straat. Zet er meer prullenbakken neer en leeg ze vaker.",
        "Schoon en heel",
    ),
    (
        "Betere verlichting bij {plek}",
        "'s Avonds is het bij {plek} erg donker. Veel mensen "
        "voelen zich daar niet veilig. Zet er meer lantaarns neer.",
        "Veiligheid",
    ),
    (
        "Een buurtfeest bij {plek}",
        "Laat de buurt een keer per jaar samen feest vieren bij "
        "{plek}. Zo leer je je buren kennen.",
        "Cultuur en evenementen",
    ),
]

STATUSSEN = [
    ("overgenomen", "Goed idee. We gaan dit dit jaar doen. We laten u weten wanneer."),
    ("in_behandeling", "We kijken of dit kan. In het voorjaar hoort u meer."),
    (
        "niet_overgenomen",
        "Dit kan helaas niet. Onder de grond liggen leidingen. "
        "We zoeken samen met de buurt een andere plek.",
    ),
    ("deels_overgenomen", "We doen een deel van uw idee. Meer kan nu niet, want het geld is op."),
    ("uitgevoerd", "Het is klaar. Dank voor uw idee!"),
]


def demo_image(
    seed: int, colour: tuple[int, int, int], width: int = 960, height: int = 540
) -> bytes:
    """A simple drawn landscape (sky, hills, a few trees or houses) as a JPEG."""
    from PIL import Image, ImageDraw

    rnd = random.Random(seed)
    img = Image.new("RGB", (width, height), (200, 225, 245))
    draw = ImageDraw.Draw(img)
    for y in range(height // 2):  # a sky that gets lighter near the horizon
        t = y / (height / 2)
        draw.line([(0, y), (width, y)], fill=(int(120 + 100 * t), int(170 + 60 * t), 235))
    ground = tuple(max(0, min(255, c + rnd.randint(-20, 20))) for c in colour)
    draw.ellipse([-width // 2, height // 2 - 60, width * 3 // 2, height * 2], fill=ground)
    for _ in range(7):
        x = rnd.randint(30, width - 60)
        y = rnd.randint(height // 2, height - 120)
        if rnd.random() < 0.5:  # a tree
            draw.rectangle([x + 18, y + 40, x + 28, y + 90], fill=(90, 60, 40))
            draw.ellipse([x, y, x + 46, y + 56], fill=(40, 110 + rnd.randint(0, 50), 50))
        else:  # a house
            wall = (230, 210 - rnd.randint(0, 60), 180 - rnd.randint(0, 60))
            draw.rectangle([x, y + 30, x + 60, y + 80], fill=wall)
            draw.polygon([(x - 6, y + 30), (x + 30, y), (x + 66, y + 30)], fill=(150, 50, 40))
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=80)
    return out.getvalue()


def _store_image(data: bytes, name: str, owner: Any = None) -> Any:
    from open_nijmegen.core.uploads import store_upload

    return store_upload(FileStorage(io.BytesIO(data), filename=name), {"image"}, owner=owner)


def seed_projecten() -> dict[str, Any]:
    from open_nijmegen.core.uploads import attach
    from open_nijmegen.ideeen.models import Traject, TrajectFase
    from open_nijmegen.ideeen.phases import Fase

    now = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
    found = {}
    for i, (slug, _deel, titel, lijn, tekst, days, colour) in enumerate(PROJECTEN):
        traject = db.session.scalar(sa.select(Traject).where(Traject.slug == slug))
        if traject is None:
            traject = Traject(slug=slug, titel=titel, beschrijving=tekst)
            traject.fases = [
                TrajectFase(fase=fase, begint_op=now + timedelta(days=d))
                for fase, d in zip(
                    (Fase.IDEEEN, Fase.STEUNEN, Fase.BEANTWOORDEN, Fase.RESULTATEN),
                    days,
                    strict=True,
                )
            ]
            db.session.add(traject)
        if not traject.samenvatting:
            traject.samenvatting = lijn
        db.session.flush()
        if traject.afbeelding_id is None:
            upload = _store_image(demo_image(100 + i, colour), f"{slug}.jpg")
            attach(upload, traject)
            traject.afbeelding_id = upload.id
        found[slug] = traject
    db.session.flush()
    return found


@demo_seeder(order=11)
def seed(users: dict[str, Any]) -> None:
    """After ideeen.demo (order 10): projects, then ideas across the wijken."""
    from open_nijmegen.core.models import StatusChange
    from open_nijmegen.core.uploads import attach
    from open_nijmegen.core.wijken import Wijk
    from open_nijmegen.ideeen import services
    from open_nijmegen.ideeen.models import Idee, IdeeStatus, Moderatie, Thema
    from open_nijmegen.ideeen.queries import clear_reference_cache, standing_traject

    projecten = seed_projecten()
    standing = standing_traject()
    authors = [users["inwoner"], users["inwoner2"]]
    supporters = [users["inwoner"], users["inwoner2"], users["participatiemedewerker"]]
    officer = users["participatiemedewerker"]
    wijken = {w.naam: w for w in db.session.scalars(sa.select(Wijk))}
    themas = {t.naam: t for t in db.session.scalars(sa.select(Thema))}
    start = utcnow() - timedelta(days=60)
    for i, (wijk_naam, plek, lat, lon, slug) in enumerate(PLEKKEN):
        titel_t, tekst_t, thema_naam = ONDERWERPEN[i % len(ONDERWERPEN)]
        titel = titel_t.format(plek=plek)[:120]
        if db.session.scalar(sa.select(Idee.id).where(Idee.titel == titel)) is not None:
            continue
        traject = projecten[slug] if slug else standing
        author = authors[i % 2]
        idee = Idee(
            traject_id=traject.id,
            author_id=author.id,
            titel=titel,
            tekst=tekst_t.format(plek=plek),
            wijk_id=wijken[wijk_naam].id,
            thema_id=themas[thema_naam].id,
            adres=plek[0].upper() + plek[1:],
            lat=lat if i % 4 != 3 else None,  # most have a place on the map, some do not
            lon=lon if i % 4 != 3 else None,
            moderatie=Moderatie.GOEDGEKEURD,
            published_at=start + timedelta(days=2 * i, hours=i),
        )
        db.session.add(idee)
        db.session.flush()
        if i % 3 != 2:  # two of every three have a photo
            # Demo photos belong to no account (a resident's own uploads are in "Mijn gegevens").
            upload = _store_image(demo_image(i, (70 + 5 * i % 120, 130, 70)), "foto.jpg")
            attach(upload, idee)
            idee.image_id = upload.id
        for supporter in supporters[: i % 4]:
            if supporter.id != author.id:
                try:
                    services.support(supporter, idee)
                except services.IdeeError:  # not in this phase of the project
                    break
        if i % 5 == 0:
            status, uitleg = STATUSSEN[(i // 5) % len(STATUSSEN)]
            idee.status = IdeeStatus(status)
            idee.answered_at = idee.published_at + timedelta(days=20)
            db.session.add(
                StatusChange(
                    object_type="idee",
                    object_id=idee.id,
                    from_status=IdeeStatus.OPEN.value,
                    to_status=status,
                    explanation=uitleg,
                    actor_id=officer.id,
                )
            )
    db.session.flush()
    clear_reference_cache()
