"""A person with data in every table that can hold personal data, and the values that must
never leak or survive an erasure.

Each person gets distinctive values (e-mail, IP address, login subject, private notes, contact
details), so a test can search every row and every page for them.
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from factories import make_staff, make_user
from werkzeug.datastructures import FileStorage

from open_nijmegen.accounts.models import Identity, LoginEvent, LoginSession, User
from open_nijmegen.core.audit import record_audit
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.models import Follow, Reaction, StatusChange
from open_nijmegen.core.refusals import RefusalEvent, RefusalKind
from open_nijmegen.core.settings import set_setting
from open_nijmegen.extensions import db
from open_nijmegen.moderation.models import Report
from open_nijmegen.notifications.models import OutboxMessage, OutboxStatus
from open_nijmegen.privacy.services import log_verwerking

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
_n = itertools.count(1)


@dataclass
class Person:
    user: User
    officer: User
    email: str
    name: str
    private: dict[str, str] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)

    @property
    def values(self) -> list[str]:
        """Values of this person that must not be public and must be gone after erasure."""
        return [self.email, *self.private.values()]


def has_table(name: str) -> bool:
    return name in db.metadata.tables


def _pdf(name: str) -> FileStorage:
    return FileStorage(io.BytesIO(PDF), name)


def make_idee_for(author: User) -> Any:
    from ideeen.factories import make_idee, make_thema, make_wijk, standing_traject

    standing_traject()
    if not db.session.scalar(sa.text("SELECT count(*) FROM wijk")):
        make_wijk("Hatert", "Nijmegen-Zuid")
        make_thema("Groen en natuur")
    return make_idee(author=author)


def rich_person(
    tag: str | None = None,
    officer: User | None = None,
    now: datetime | None = None,
    password: str = "",
) -> Person:
    """A resident with a row in every declared table, and an officer who handled them."""
    from open_nijmegen.core.uploads import attach, store_upload

    n = next(_n)
    tag = tag or f"p{n}"
    now = now or utcnow()
    email = f"geheim.{tag}@privacytest.example"
    name = f"Deelnemer {tag.capitalize()} Zeldzaam"
    # No password by default: Argon2 hashing is slow, and most tests log in by session.
    user = make_user(email=email, name=name, password=password)
    officer = officer or make_staff(email=f"ambtenaar.{tag}@privacytest.example", password="")
    private = {
        "ip": f"198.51.100.{(n % 200) + 20}",
        "subject": f"oidc-subject-{tag}-7731",
        "melding": f"Prive-uitleg-{tag}-over-de-buurman",
        "telefoon": f"06-9988{n:04d}",
        "contact_naam": f"Contactpersoon-{tag}-Verborgen",
        "contact_email": f"contact.{tag}@privacytest.example",
        "bestand": f"paspoort-{tag}.pdf",
    }
    person = Person(user, officer, email, name, private)

    db.session.add(
        Identity(
            user_id=user.id, issuer="https://login.nijmegen.example", subject=private["subject"]
        )
    )
    db.session.add(
        LoginEvent(
            user_id=user.id,
            method="wachtwoord",
            ip_address=private["ip"],
            created_at=now - timedelta(days=1),
        )
    )
    db.session.add(
        LoginSession(
            user_id=user.id,
            token_hash=f"{user.id:064d}",
            user_agent="Firefox op Windows",
            ip_prefix="192.0.2.0/24",
        )
    )
    # A failed login aimed at the account, and a refusal while logged in.
    db.session.add(
        RefusalEvent(
            kind=RefusalKind.LOGIN_FAILED,
            reason="wrong_password",
            route="POST accounts.login",
            account_id=user.id,
            ip_prefix="192.0.2.0/24",
        )
    )
    db.session.add(
        RefusalEvent(
            kind=RefusalKind.SUPPORT_REFUSED,
            reason="own_idea",
            route="POST ideeen.steunen",
            user_id=user.id,
            ip_prefix="192.0.2.0/24",
        )
    )
    db.session.add(
        OutboxMessage(
            user_id=user.id,
            recipient=email,
            subject="Uw account",
            body_text=f"Beste {name}",
            body_html=f"<p>Beste {name}</p>",
            message_id=f"<privacytest-{tag}@open-nijmegen.test>",
            status=OutboxStatus.SENT,
            sent_at=now - timedelta(days=1),
        )
    )
    # An unattached file (deleted on erasure).
    store_upload(_pdf(private["bestand"]), {"pdf"}, owner=user)

    if has_table("idee"):
        from open_nijmegen.ideeen import services as idee_services

        idee = make_idee_for(user)
        other = make_idee_for(make_user(password=""))
        person.objects["idee"] = idee
        person.objects["gesteund"] = other
        idee_services.support(user, other)
        hidden = make_idee_for(user)
        hidden.hidden_at, hidden.hidden_by_id, hidden.hidden_reason = now, officer.id, "Reden"
        picture = store_upload(_pdf(f"bijlage-idee-{tag}.pdf"), {"pdf"}, owner=user)
        attach(picture, idee)
        target_type, target_id = "idee", idee.id
    else:
        target_type, target_id = "gebruiker", user.id

    reaction = Reaction(
        object_type=target_type, object_id=target_id, author_id=user.id, body="Mooi plan"
    )
    hidden_reaction = Reaction(
        object_type=target_type,
        object_id=target_id,
        author_id=user.id,
        body="Verborgen reactie",
        hidden_at=now,
        hidden_by_id=officer.id,
    )
    db.session.add_all([reaction, hidden_reaction])
    db.session.add(Follow(user_id=user.id, object_type=target_type, object_id=target_id))
    db.session.add(
        Report(
            object_type=target_type,
            object_id=target_id,
            reporter_id=user.id,
            reason="anders",
            explanation=private["melding"],
            resolved_at=now,
            resolved_by_id=officer.id,
            outcome="laten_staan",
        )
    )
    db.session.add(
        StatusChange(
            object_type=target_type,
            object_id=target_id,
            to_status="in_behandeling",
            actor_id=officer.id,
            explanation="Wij kijken ernaar.",
        )
    )
    record_audit(officer, "test.actie", user)
    set_setting(officer, "reacties.bewerken_minuten", 20)
    if has_table("pagina_versie"):
        from open_nijmegen.paginas.services import save as save_page

        save_page(officer, f"pagina-{tag}", "Een pagina", "De tekst van de pagina.")
    log_verwerking(officer, "gebruiker", user.id, "ondersteuning", subject_user_id=user.id)

    if has_table("uitdaging"):
        person.objects.update(_uitdagingen(person, now))
    if has_table("beraadslid"):
        person.objects.update(_inwonersberaad(person))
    if has_table("aanmelding"):
        person.objects.update(_bijeenkomsten(person, now))
    if has_table("begroting"):
        person.objects.update(_begroten(person))
    if has_table("peiling"):
        person.objects.update(_peilingen(person))
    db.session.commit()
    return person


def _bijeenkomsten(person: Person, now: datetime) -> dict[str, Any]:
    from open_nijmegen.bijeenkomsten import services as bk

    start = now + timedelta(days=5)
    item = bk.create_bijeenkomst(
        person.officer,
        bk.Gegevens("Wijkavond Hatert", "Over het plein.", start, start + timedelta(hours=2),
                    False, None, "Hatertseweg 1", "", False, False, False, False, True, 10,
                    None, None, None),
    )  # fmt: skip
    bk.register(item, user=person.user, hulp=f"Prive-hulp-{next(_n)}")
    return {"bijeenkomst": item}


def _begroten(person: Person) -> dict[str, Any]:
    from begroten.factories import make_begroting

    from open_nijmegen.begroten import ballots
    from open_nijmegen.begroten.models import Plan, PlanStatus

    begroting = make_begroting(plans=(10_000, 8_000))
    plan = Plan(
        begroting_id=begroting.id,
        author_id=person.user.id,
        titel="Bankjes bij het Kronenburgerpark",
        tekst="Meer bankjes in het park.",
        wijk_id=begroting.wijken[0].id,
        geschatte_kosten=5_000,
        status=PlanStatus.INGEDIEND,
    )
    db.session.add(plan)
    db.session.flush()
    ids = sorted(p.id for p in begroting.plannen if p.status == PlanStatus.HAALBAAR)
    keuze = ballots.check_choice(begroting, ids[:1])
    ballots.cast(begroting, person.user, keuze)
    ballots.cast_paper(begroting, person.officer, 1, keuze)
    return {"begroting": begroting, "begroot_plan": plan}


def _peilingen(person: Person) -> dict[str, Any]:
    from peilingen.factories import answers, make_peiling
    from werkzeug.datastructures import MultiDict

    from open_nijmegen.peilingen import antwoorden, services

    peiling = make_peiling()
    peiling.created_by_id = person.officer.id
    data: MultiDict[str, str] = MultiDict()
    for key, value in answers(peiling).items():
        for item in value if isinstance(value, list) else [value]:
            data.add(key, item)
    services.bewaar_account(
        peiling, person.user, antwoorden.lees(peiling.vragen_op_volgorde(), data), af=True
    )
    return {"peiling": peiling}


def _inwonersberaad(person: Person) -> dict[str, Any]:
    from open_nijmegen.inwonersberaad import services as ib
    from open_nijmegen.inwonersberaad.models import Fase

    beraad = ib.create_beraad(
        person.officer,
        ib.BeraadData("Hoe maken we de stad groener?", "Een opdracht.", "De raad", 20, "", True),
    )
    beraad.fase = Fase.LEERFASE
    ib.add_member_directly(beraad, person.user)
    stuk = ib.add_stuk(person.officer, beraad, "Agenda", 1, "Bijeenkomst 1", "De agenda.")
    ib.mark_read(person.user, stuk)
    person.private["beraad_notitie"] = f"Mijn eigen notitie {next(_n)}"
    ib.save_note(person.user, stuk, person.private["beraad_notitie"])
    ib.ask_expert(person.user, beraad, "Hoeveel bomen passen in een straat?", stuk)
    objects = {"beraad": beraad, "dossierstuk": stuk}
    if has_table("beraad_aanmelding"):
        objects["beraad_aanmelding"] = _werving(person)
    return objects


def _werving(person: Person) -> Any:
    """A registration (stage 2) of the person, logged in, entered by the officer on the phone."""
    from open_nijmegen.core import codes
    from open_nijmegen.inwonersberaad import aanmelding as A
    from open_nijmegen.inwonersberaad import services as ib
    from open_nijmegen.inwonersberaad.models import Fase

    beraad = ib.create_beraad(
        person.officer,
        ib.BeraadData("Hoe houden we de stad schoon?", "Een opdracht.", "De raad", 2, "", True),
    )
    beraad.fase = Fase.AANMELDING
    A.save_opzet(person.officer, beraad, b"kenmerk,waarde,min,max\nwijk,Oost,0,2\n", [], 0)
    code = codes.make_codes("inwonersberaad", beraad.id, 1)[0]
    person.private["werving_tolk"] = f"Tolk in het Tigrinya {next(_n)}"
    return A.register(
        beraad,
        A.check_code(beraad, code, "seed"),
        A.Gegevens(
            kenmerken={"wijk": "Oost"},
            naam=person.name,
            email="",
            telefoon="024 123 45 67",
            postcode="6511 AB",
            huisnummer=str(next(_n)),
            tolk=person.private["werving_tolk"],
        ),
        user=person.user,
        namens=person.officer,
    )


def _uitdagingen(person: Person, now: datetime) -> dict[str, Any]:
    from open_nijmegen.core.uploads import attach, store_upload
    from open_nijmegen.uitdaagrecht.models import Beoordeling, Uitdaging

    user, private = person.user, person.private
    concept = Uitdaging(
        uitdager_id=user.id, taak="Een concept", contact_naam=private["contact_naam"]
    )
    filed = Uitdaging(
        uitdager_id=user.id,
        status="ingediend",
        referentie=f"UR-2099-{next(_n):04d}",
        ingediend_op=now.date(),
        klok_begindag=now.date(),
        termijnen={},
        taak="Het Kronenburgerpark onderhouden",
        contact_naam=private["contact_naam"],
        contact_email=private["contact_email"],
        contact_telefoon=private["telefoon"],
    )
    db.session.add_all([concept, filed])
    db.session.flush()
    db.session.add(
        Beoordeling(uitdaging_id=filed.id, criterium="draagvlak", updated_by_id=person.officer.id)
    )
    attach(store_upload(_pdf("begroting.pdf"), {"pdf"}, owner=user), filed)
    attach(store_upload(_pdf("schets.pdf"), {"pdf"}, owner=user), concept)
    return {"uitdaging": filed, "concept": concept}


def all_text() -> dict[str, list[str]]:
    """Every row of every table as text."""
    db.session.expire_all()
    state = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(sa.select(table)).all()
        state[table.name] = [repr(tuple(row)) for row in rows]
    db.session.rollback()
    return state


def count(model: Any, *where: Any) -> int:
    return int(db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where)) or 0)


def logins_and_ips() -> list[tuple[int, str | None]]:
    return list(db.session.execute(sa.select(LoginEvent.user_id, LoginEvent.ip_address)).all())
