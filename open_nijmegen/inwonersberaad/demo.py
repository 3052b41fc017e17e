"""Demo data: a beraad about climate adaptation with its advice, the municipality's response
and progress (phase "reactie gepubliceerd"), and a second beraad in "werving". The demo
resident is a member of the first, so the members' area can be visited. Idempotent.

The demo lottery is a small, hand-made distribution (no solver run, so seeding stays fast);
its record is genuine and passes ``verify`` with the demo input.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from open_nijmegen.cli import demo_seeder
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.models import StatusChange
from open_nijmegen.extensions import db
from open_nijmegen.inwonersberaad import loting as lot
from open_nijmegen.inwonersberaad.models import (
    FASEN,
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
    Voortgang,
)

VRAAG = "Hoe maken we Nijmegen klimaatbestendig?"
VRAAG_2 = "Hoe houden we onze wijken schoon en heel?"

OPDRACHT = (
    "De zomers worden warmer. Het regent vaker heel hard. Wat moet de gemeente doen? "
    "En wat kunnen inwoners zelf doen? Dat vraagt de gemeenteraad aan een groep inwoners.\n\n"
    "De groep krijgt uitleg van deskundigen. Daarna praten de leden met elkaar. "
    "Samen schrijven zij een advies aan de gemeente."
)
SELECTIE = (
    "We stuurden een brief naar 10.000 inwoners van 16 jaar en ouder. Die namen kozen we "
    "door loting uit de lijst van de gemeente. Daarna meldden 612 mensen zich aan. "
    "Een tweede loting koos 48 leden uit die groep. De loting keek naar leeftijd, gender, "
    "wijk en opleiding. Zo lijkt de groep op heel Nijmegen."
)
ADVIES = (
    "Wij zijn 48 inwoners van Nijmegen. We kwamen zes keer bij elkaar. We hoorden deskundigen "
    "en we praatten veel met elkaar. Dit is ons advies. We kozen acht punten. Over elk punt "
    "hebben we gestemd."
)

AANBEVELINGEN = [
    (
        "Meer bomen in versteende straten",
        "Plant in elke wijk meer bomen. Begin in de straten waar het in de zomer het warmst is. "
        "Denk aan Hatert, Dukenburg en de Benedenstad.",
        92,
        AanbevelingStatus.IN_UITVOERING,
        "We vinden dit een goed plan. We planten de komende vier jaar 5.000 bomen.",
        "Afdeling Stadsbeheer",
    ),
    (
        "Tegels eruit, groen erin",
        "Help inwoners om tegels in hun tuin te vervangen door planten. Geef een bon en haal "
        "de tegels gratis op.",
        88,
        AanbevelingStatus.UITGEVOERD,
        "Dit doen we. Inwoners kunnen nu een groenbon van 50 euro krijgen.",
        "Afdeling Duurzaamheid",
    ),
    (
        "Koele plekken in de zomer",
        "Zorg voor koele plekken waar iedereen kan zitten als het heet is. Bijvoorbeeld in de "
        "bibliotheek en in buurthuizen.",
        85,
        AanbevelingStatus.OVERGENOMEN,
        "Goed idee. Vanaf volgende zomer zijn vijf buurthuizen een koele plek.",
        "Afdeling Welzijn",
    ),
    (
        "Regenwater opvangen",
        "Laat regenwater in de grond zakken. Maak in parken en op pleinen lage plekken met "
        "gras. Daar kan het water blijven staan tot het in de grond zakt.",
        79,
        AanbevelingStatus.DEELS_OVERGENOMEN,
        "We maken zulke plekken bij nieuwe wegen. Op pleinen kan dat vaak niet. Daar liggen "
        "veel kabels en buizen in de grond.",
        "Afdeling Water en Riolering",
    ),
    (
        "Groene daken op gebouwen van de gemeente",
        "Maak de daken van scholen, sporthallen en het stadhuis groen.",
        74,
        AanbevelingStatus.NADER_ONDERZOEK,
        "We kijken eerst of de daken sterk genoeg zijn. In het voorjaar weten we meer.",
        "Afdeling Vastgoed",
    ),
    (
        "Drinkwater op straat",
        "Zet meer kranen met gratis drinkwater neer. Vooral in het centrum en bij parken.",
        81,
        AanbevelingStatus.OVERGENOMEN,
        "Dit doen we. Er komen tien nieuwe kranen bij.",
        "Afdeling Openbare Ruimte",
    ),
    (
        "Een autovrije zondag per maand",
        "Maak het centrum één zondag per maand autovrij. Dan is er minder hitte en minder "
        "vieze lucht.",
        58,
        AanbevelingStatus.NIET_OVERGENOMEN,
        "Dit doen we niet. Winkels en bewoners hebben dan te veel last. We maken wel meer "
        "ruimte voor fietsers.",
        "Afdeling Mobiliteit",
    ),
    (
        "Uitleg voor iedereen",
        "Vertel inwoners in gewone taal wat zij zelf kunnen doen tegen hitte en wateroverlast.",
        95,
        AanbevelingStatus.IN_UITVOERING,
        "We maken een folder en een pagina op de site. Ook komen er avonden in de wijken.",
        "Afdeling Communicatie",
    ),
]

STUKKEN = [
    (
        1,
        "Bijeenkomst 1: kennismaken",
        "Agenda van de eerste bijeenkomst",
        "We beginnen om 19.00 uur in de schouwburg aan het Keizer Karelplein. Eerst maken we "
        "kennis. Daarna zegt de gemeente wat de vraag is. We stoppen om 21.30 uur.",
        True,
    ),
    (
        1,
        "Bijeenkomst 1: kennismaken",
        "Wat is klimaatbestendig?",
        "Klimaatbestendig betekent: de stad kan tegen hitte, droogte en harde regen. In "
        "Nijmegen is het in de zomer soms vier graden warmer dan buiten de stad. Dat komt door "
        "stenen en asfalt. Bomen en planten maken het koeler.",
        True,
    ),
    (
        2,
        "Bijeenkomst 2: deskundigen",
        "Uitleg van het waterschap",
        "Het waterschap vertelt hoe regenwater wegloopt. Bij harde regen kan het riool het "
        "water niet aan. Dan lopen straten en kelders onder. Water in de grond laten zakken "
        "helpt.",
        False,
    ),
    (
        3,
        "Bijeenkomst 3: keuzes maken",
        "Werkblad: welke plannen kiezen we?",
        "Op dit werkblad staan alle plannen uit de vorige bijeenkomsten. Kies de vijf plannen "
        "die u het belangrijkst vindt. We praten er in groepjes over.",
        False,
    ),
]

VOORTGANG = {
    1: [
        (
            60,
            "De eerste 400 bomen staan in Hatert en Dukenburg.",
            AanbevelingStatus.IN_UITVOERING,
        ),
    ],
    2: [
        (70, "De groenbon is klaar. U kunt hem aanvragen op de site.", None),
        (30, "Al 1.200 tuinen zijn groener gemaakt.", AanbevelingStatus.UITGEVOERD),
    ],
    8: [
        (
            40,
            "De folder is klaar. De eerste avond was in Lindenholt.",
            AanbevelingStatus.IN_UITVOERING,
        )
    ],
}


def _history(beraad: Beraad, fase: Fase, moment: datetime, oud: Fase | None) -> None:
    db.session.add(
        StatusChange(
            object_type="beraad",
            object_id=beraad.id,
            from_status=oud.value if oud else None,
            to_status=fase.value,
            created_at=moment,
            is_public=True,
        )
    )


def demo_pool() -> tuple[bytes, bytes]:
    """24 volunteers, one feature; used for the demo lottery."""
    groepen = ["16-34", "35-64", "65+"]
    mensen = ["id,leeftijdsgroep"] + [f"d{i:02d},{groepen[(i - 1) // 8]}" for i in range(1, 25)]
    quota = ["feature,value,min,max"] + [f"leeftijdsgroep,{g},2,2" for g in groepen]
    return ("\n".join(mensen) + "\n").encode(), ("\n".join(quota) + "\n").encode()


def demo_record(seed: int = 20260612) -> tuple[bytes, bytes, dict[str, Any], int]:
    personen, quota = demo_pool()
    invoer = lot.parse_input(personen, quota, panel_size=6, reserves=3)
    panels = []
    for k in range(4):  # four panels, each with two people per age group; everyone in one
        panels.append([f"d{g * 8 + k * 2 + j + 1:02d}" for g in range(3) for j in range(2)])
    verdeling = lot.Verdeling.maak("voorbeeld", panels, [0.25] * 4)
    resultaat = lot.maak_resultaat(invoer, verdeling, 6, 3, seed)
    return personen, quota, resultaat.to_public_dict(), seed


def _seed_lottery(beraad: Beraad, moment: datetime) -> None:
    personen, quota, record, seed = demo_record()
    invoer = lot.parse_input(personen, quota)
    db.session.add(
        Loting(
            beraad_id=beraad.id,
            status=LotingStatus.KLAAR,
            panelgrootte=6,
            reserves=3,
            aantal_personen=invoer.aantal_personen,
            personen_csv=personen,
            quota_csv=quota,
            personen_sha256=invoer.personen_sha256,
            quota_sha256=invoer.quota_sha256,
            verdeling={"algorithm": "voorbeeld"},
            seed=seed,
            record=record,
            created_at=moment,
            klaar_op=moment,
            gepubliceerd_op=moment,
        )
    )


@demo_seeder(order=30)
def seed_inwonersberaad(users: dict[str, Any]) -> None:
    if db.session.scalar(sa.select(Beraad.id).where(Beraad.vraag == VRAAG)) is not None:
        return
    now = utcnow()
    start = now - timedelta(days=320)
    beraad = Beraad(
        vraag=VRAAG,
        opdracht=OPDRACHT,
        opdrachtgever="De gemeenteraad van Nijmegen",
        omvang=48,
        selectiemethode=SELECTIE,
        openbaar=True,
        fase=Fase.OPDRACHT,
        advies_samenvatting=ADVIES,
        advies_stemmers=46,
    )
    db.session.add(beraad)
    db.session.flush()
    oud = None
    eind = FASEN.index(Fase.REACTIE_GEPUBLICEERD)
    for index, fase in enumerate(FASEN[: eind + 1]):
        moment = start + timedelta(days=index * 20)
        _history(beraad, fase, moment, oud)
        oud = fase
        beraad.fase = fase
        beraad.fase_sinds = moment
        if fase == Fase.LOTING:
            _seed_lottery(beraad, moment)
        if fase == Fase.ADVIES_VASTGESTELD:
            beraad.advies_vastgesteld_op = moment
        if fase == Fase.AANGEBODEN:
            beraad.aangeboden_op = moment
            beraad.reactie_deadline = moment + timedelta(days=91)
        if fase == Fase.REACTIE_GEPUBLICEERD:
            beraad.reactie_gepubliceerd_op = moment
    gepubliceerd = beraad.reactie_gepubliceerd_op or now
    for nummer, (titel, tekst, steun, status, reden, wie) in enumerate(AANBEVELINGEN, start=1):
        besluit = (
            status
            if status
            not in (
                AanbevelingStatus.IN_UITVOERING,
                AanbevelingStatus.UITGEVOERD,
            )
            else AanbevelingStatus.OVERGENOMEN
        )
        item = Aanbeveling(
            beraad_id=beraad.id,
            nummer=nummer,
            titel=titel,
            tekst=tekst,
            steun_procent=steun,
            status=status,
            reactie_besluit=besluit,
            reactie_reden=reden,
            verantwoordelijke=wie,
            reactie_gepubliceerd_op=gepubliceerd,
        )
        db.session.add(item)
        db.session.flush()
        for dagen, update, na in VOORTGANG.get(nummer, []):
            db.session.add(
                Voortgang(
                    aanbeveling_id=item.id,
                    datum=now - timedelta(days=dagen),
                    tekst=update,
                    status_na=na,
                )
            )
    stukken = []
    for sessie, sessie_naam, titel, tekst, openbaar in STUKKEN:
        stuk = Dossierstuk(
            beraad_id=beraad.id,
            sessie=sessie,
            sessie_naam=sessie_naam,
            titel=titel,
            tekst=tekst,
            openbaar_op=start + timedelta(days=120 + sessie * 14) if openbaar else None,
        )
        db.session.add(stuk)
        stukken.append(stuk)
    db.session.flush()
    db.session.add(
        ExpertVraag(
            beraad_id=beraad.id,
            stuk_id=stukken[2].id,
            vraag="Hoeveel regenwater kan zo'n lage plek met gras opvangen?",
            antwoord="Een plek van tien bij tien meter vangt het water van ongeveer twintig "
            "daken op. Het water zakt in een dag in de grond.",
            expert="Waterschap Rivierenland",
            beantwoord_op=start + timedelta(days=150),
        )
    )
    inwoner = users.get("inwoner")
    if inwoner is not None:
        db.session.add(
            Beraadslid(
                beraad_id=beraad.id,
                user_id=inwoner.id,  # type: ignore[attr-defined]
                uitgenodigd_op=start + timedelta(days=70),
                geaccepteerd_op=start + timedelta(days=71),
            )
        )
        db.session.add(
            Gelezen(stuk_id=stukken[0].id, user_id=inwoner.id)  # type: ignore[attr-defined]
        )

    tweede = Beraad(
        vraag=VRAAG_2,
        opdracht="Veel inwoners ergeren zich aan afval op straat. Wat werkt echt? Dat vragen "
        "we aan een groep inwoners.",
        opdrachtgever="Het college van burgemeester en wethouders",
        omvang=40,
        selectiemethode="We sturen een brief naar 8.000 inwoners. Een loting kiest daarna 40 "
        "leden uit de mensen die zich aanmelden.",
        openbaar=True,
        fase=Fase.OPDRACHT,
    )
    db.session.add(tweede)
    db.session.flush()
    _history(tweede, Fase.OPDRACHT, now - timedelta(days=30), None)
    _history(tweede, Fase.WERVING, now - timedelta(days=10), Fase.OPDRACHT)
    tweede.fase = Fase.WERVING
    tweede.fase_sinds = now - timedelta(days=10)
    db.session.flush()


WERVING_WIJKEN = ["Dukenburg", "Lindenholt", "Nijmegen-Oost", "Oud-West"]


def demo_adressen() -> bytes:
    """A made-up BRP address extract (no names) for the demo draw of stage 1."""
    regels = ["adres_id;postcode;huisnummer;wijk"]
    for i in range(1, 81):
        wijk = WERVING_WIJKEN[(i * 7) % len(WERVING_WIJKEN) if i % 5 else 0]
        regels.append(f"BRP{i:05d};65{10 + i % 40:02d} {'AB' if i % 2 else 'CD'};{i};{wijk}")
    return ("\n".join(regels) + "\n").encode()


@demo_seeder(order=31)
def seed_werving(users: dict[str, Any]) -> None:
    """The beraad in "werving" gets a finished address draw, so its officer page has one."""
    from open_nijmegen.inwonersberaad.models import AdresTrekking
    from open_nijmegen.inwonersberaad.werving_views import draw_addresses

    beraad = db.session.scalar(sa.select(Beraad).where(Beraad.vraag == VRAAG_2))
    if beraad is None:
        return
    if db.session.scalar(sa.select(AdresTrekking.id).where(AdresTrekking.beraad_id == beraad.id)):
        return
    trekking = draw_addresses(None, beraad, demo_adressen(), 12, "per_wijk", 20261201)
    db.session.flush()
    # Its letters, made as the job makes them (without queueing one), so the page is there.
    from open_nijmegen.inwonersberaad import brieven
    from open_nijmegen.inwonersberaad.aanmelding_models import BriefBatch

    batch = BriefBatch(
        beraad_id=beraad.id,
        trekking_id=trekking.id,
        tekst=brieven.STANDAARD_TEKST,
        aantal=len(trekking.adressen or []),
    )
    db.session.add(batch)
    db.session.flush()
    brieven.vul(batch)
    db.session.flush()


WERVING_QUOTA = (
    "kenmerk,waarde,min,max\n"
    "leeftijd,16 tot 35 jaar,10,16\n"
    "leeftijd,35 tot 65 jaar,14,20\n"
    "leeftijd,65 jaar of ouder,8,14\n"
    "geslacht,Vrouw,18,22\n"
    "geslacht,Man,18,22\n"
    "geslacht,Anders,0,2\n"
    + "".join(f"wijk,{w},8,12\n" for w in WERVING_WIJKEN)
    + "opleiding,Praktisch (zoals mbo 1 of 2),10,18\n"
    "opleiding,Middelbaar (zoals havo of mbo 3 of 4),10,18\n"
    "opleiding,Theoretisch (zoals hbo of universiteit),10,18\n"
).encode()
DEMO_NAMEN = [
    "Anouk Jansen",
    "Mohamed El Idrissi",
    "Els van Dijk",
    "Tom Hendriks",
    "Sanne de Boer",
    "Kemal Yilmaz",
    "Ria Peters",
    "Joost Willems",
    "Fenna Bakker",
    "Hüseyin Demir",
    "Lotte Smit",
    "Bram Verhoeven",
]


@demo_seeder(order=32)
def seed_aanmeldingen(users: dict[str, Any]) -> None:
    """Stage 2 in the demo: the beraad in "werving" has its questions and twelve registrations
    from drawn addresses (one entered on the phone), so the dashboard shows the count per
    group and the warning that the quotas cannot be met yet. The first beraad has its
    registrations behind its lottery, with the outcome sent and one dropout replaced, so the
    page after the draw has every part."""
    from open_nijmegen.core import codes
    from open_nijmegen.inwonersberaad import aanmelding as A
    from open_nijmegen.inwonersberaad.aanmelding_models import BeraadAanmelding
    from open_nijmegen.inwonersberaad.models import AdresTrekking

    tweede = db.session.scalar(sa.select(Beraad).where(Beraad.vraag == VRAAG_2))
    if tweede is None or A.opzet_voor(tweede) is not None:
        return
    officer = users.get("participatiemedewerker")
    now = utcnow()
    sessies = [(now + timedelta(days=d)).date().isoformat() for d in (40, 54, 68)]
    A.save_opzet(officer, tweede, WERVING_QUOTA, sessies, 10)
    trekking = db.session.scalar(
        sa.select(AdresTrekking).where(AdresTrekking.beraad_id == tweede.id)
    )
    adressen = (trekking.adressen if trekking else None) or []
    vragen = A.vragen(A.opzet_voor(tweede))  # type: ignore[arg-type]
    demo_codes = codes.make_codes("inwonersberaad", tweede.id, max(len(adressen), 1))
    for i, adres in enumerate(adressen[: len(DEMO_NAMEN) - 2]):
        antwoorden = {
            v.kenmerk: v.waarden[(i * (n + 1)) % len(v.waarden)] for n, v in enumerate(vragen)
        }
        antwoorden["wijk"] = adres["wijk"]
        A.register(
            tweede,
            A.check_code(tweede, demo_codes[i], "demo"),
            A.Gegevens(
                kenmerken=antwoorden,
                naam=DEMO_NAMEN[i],
                email="",
                telefoon=f"06 1234 56{i:02d}",
                postcode=adres["postcode"],
                huisnummer=adres["huisnummer"],
                beschikbaar=sessies[: 1 + i % 3],
                kinderopvang=i % 4 == 1,
                tolk="Turks" if i == 5 else "",
                toegankelijkheid="Een plek voor een rolstoel." if i == 2 else "",
            ),
            namens=officer if i == 3 else None,
        )

    eerste = db.session.scalar(sa.select(Beraad).where(Beraad.vraag == VRAAG))
    loting = (
        db.session.scalar(sa.select(Loting).where(Loting.beraad_id == eerste.id))
        if eerste
        else None
    )
    if eerste is None or loting is None or not loting.personen_csv or not loting.quota_csv:
        return
    opzet = A.save_opzet(officer, eerste, loting.quota_csv, [], loting.reserves)
    invoer = lot.parse_input(loting.personen_csv, loting.quota_csv)
    for n, (pid, kenmerken) in enumerate(invoer.personen.items()):
        db.session.add(
            BeraadAanmelding(
                beraad_id=eerste.id,
                pseudoniem=pid,
                kenmerken=dict(kenmerken),
                naam=f"Inwoner {n + 1}",
                telefoon=f"024 329 {n:04d}",
                postcode="6511AB",
                huisnummer=str(n + 1),
                adres_uniek=f"6511AB {n + 1}",
                toestemming_op=loting.created_at,
                created_at=loting.created_at,
                kinderopvang=n % 5 == 0,
            )
        )
    db.session.flush()
    A.verwerk_uitslag(officer, eerste, loting)
    gekozen = A.aanmeldingen(eerste, A.AanmeldStatus.GEKOZEN)
    if gekozen:
        A.vervang(officer, eerste, gekozen[0])
    opzet.uitslag_op = loting.klaar_op
    db.session.flush()
