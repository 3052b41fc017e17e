"""Registration: the confirmation mail through a real SMTP server, the confirm page, tokens,
unique display names, error re-rendering and hostile input."""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import itsdangerous
import pytest
import sqlalchemy as sa
from factories import HOSTILE, PASSWORD, make_user
from helpers import csrf_token, login_as, post_form, send_mail

from open_nijmegen.accounts.models import User
from open_nijmegen.accounts.passwords import make_token
from open_nijmegen.extensions import db
from open_nijmegen.notifications.models import OutboxMessage

REGISTER = "/account/registreren"


def _register(client, name="Fatima uit Hatert", email="fatima@example.org", password=PASSWORD):
    data = {"display_name": name, "email": email, "password": password, "accept": "y"}
    return post_form(client, REGISTER, data)


def _users() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(User))


def _link(text: str, path: str) -> str:
    match = re.search(r"https?://\S+" + re.escape(path) + r"[^\s<\"]+", text)
    assert match is not None, f"no {path} link in the mail"
    return match.group(0)


def test_register_confirm_through_real_smtp(client, smtp_server):
    response = _register(client)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/registreren/verstuurd")
    user = db.session.scalar(sa.select(User).where(User.email == "fatima@example.org"))
    assert user is not None and user.email_confirmed_at is None

    send_mail()
    assert len(smtp_server.messages) == 1
    mail = smtp_server.messages[0]
    assert mail["To"] == "fatima@example.org"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert "Fatima uit Hatert" in text and "<html" in html
    link = _link(text, "/account/bevestigen/")
    assert link in html
    # Links in mail come from the configured BASE_URL, never from the request's Host header.
    assert link.startswith("http://open-nijmegen.test/")
    path = urlsplit(link).path

    page = client.get(path)
    assert page.status_code == 200
    assert "Bevestig mijn e-mailadres" in page.get_data(as_text=True)
    db.session.refresh(user)
    assert user.email_confirmed_at is None, "a GET must not confirm"

    confirmed = post_form(client, path, {})
    assert confirmed.status_code == 302
    db.session.refresh(user)
    assert user.email_confirmed_at is not None


def test_mail_links_ignore_a_forged_host_header(client):
    _register(client, email="host@example.org")
    evil = "http://evil.example"
    html = client.get("/account/wachtwoord-vergeten", base_url=evil).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    sent = client.post(
        "/account/wachtwoord-vergeten",
        data={"csrf_token": token, "email": "host@example.org"},
        base_url=evil,
    )
    assert sent.status_code == 200
    bodies = db.session.scalars(sa.select(OutboxMessage.body_text)).all()
    assert len(bodies) == 2
    for body in bodies:
        assert "evil.example" not in body
        assert "http://open-nijmegen.test/account/" in body


def test_unconfirmed_user_cannot_use_confirmed_routes(client):
    user = make_user(confirmed=False)
    login_as(client, user)
    response = client.get("/melden/reactie/1")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/account/bevestigen"


def test_unconfirmed_user_can_ask_for_a_new_link(client):
    user = make_user(confirmed=False)
    login_as(client, user)
    response = post_form(client, "/account/bevestigen", {})
    assert response.status_code == 302
    subjects = db.session.scalars(sa.select(OutboxMessage.subject)).all()
    assert subjects == ["Bevestig uw e-mailadres"]


def _token_from_outbox() -> str:
    body = db.session.scalars(sa.select(OutboxMessage.body_text)).one()
    return urlsplit(_link(body, "/account/bevestigen/")).path.rsplit("/", 1)[1]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_forged_altered_and_expired_tokens_show_link_invalid(client, monkeypatch, method):
    _register(client)
    token = _token_from_outbox()
    user = db.session.scalar(sa.select(User))
    altered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    forged = itsdangerous.URLSafeTimedSerializer("wrong-secret", salt="open-nijmegen:bevestigen")
    with monkeypatch.context() as m:
        m.setattr(
            itsdangerous.TimestampSigner,
            "get_timestamp",
            lambda self: int(time.time()) - 4 * 24 * 3600,
        )
        expired = make_token("bevestigen", {"u": user.id, "e": user.email})
    other_purpose = make_token("herstel", {"u": user.id, "e": user.email})
    for bad in [
        altered,
        forged.dumps({"u": user.id, "e": user.email}),
        expired,
        other_purpose,
        "nonsense",
    ]:
        url = f"/account/bevestigen/{bad}"
        response = client.get(url) if method == "GET" else post_form(client, url, {})
        assert response.status_code == 400, bad
        assert "Deze link werkt niet meer" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.email_confirmed_at is None


def test_token_for_an_old_address_does_not_confirm_a_new_one(client):
    user = make_user(confirmed=False, email="oud@example.org")
    token = make_token("bevestigen", {"u": user.id, "e": "oud@example.org"})
    user.email = "nieuw@example.org"
    db.session.commit()
    assert client.get(f"/account/bevestigen/{token}").status_code == 400


def test_existing_email_gets_same_answer_and_a_mail_to_the_owner(client):
    owner = make_user(email="bestaat@example.org", name="Eigenaar")
    before = _users()
    new = _register(client, name="Iemand Anders", email="nieuw@example.org")
    taken = _register(client, name="Nog Iemand", email="Bestaat@Example.org ")
    assert taken.status_code == new.status_code == 302
    assert taken.headers["Location"] == new.headers["Location"]
    assert _users() == before + 1
    to_owner = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.recipient == "bestaat@example.org")
    ).all()
    assert [m.subject for m in to_owner] == ["U hebt al een account"]
    assert owner.email_confirmed_at is not None


@pytest.mark.parametrize(
    "name",
    ["jan", "JAN ", "Ｊan", "  jan  ", "J\u200ban", "J\u0430n", "\u0408an"],
)
def test_display_names_unique_case_insensitively_and_after_nfkc(client, name):
    """Also names that only look the same (Cyrillic а and Ј): the TR39 skeleton."""
    make_user(name="Jan")
    response = _register(client, name=name, email="tweede@example.org")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Er gaat iets mis" in html
    assert 'href="#display_name"' in html
    assert _users() == 1


@pytest.mark.parametrize(
    "name",
    ["jan@example.org", "kijk op nijmegen.nl", "www.voorbeeld.com", "mail: a@b"],
)
def test_display_name_may_not_be_email_like(client, name):
    response = _register(client, name=name)
    assert response.status_code == 400
    assert "Gebruik geen e-mailadres of website als naam." in response.get_data(as_text=True)
    assert _users() == 0


def test_blocked_display_name_is_refused(client):
    from open_nijmegen.accounts.models import (
        BlockedDisplayName,
        blocked_name_hash,
        display_name_key,
    )

    db.session.add(
        BlockedDisplayName(name_hash=blocked_name_hash(display_name_key("Gewiste Naam")))
    )
    db.session.commit()
    refused = _register(client, name="gewiste naam", email="a1@example.org")
    assert "Deze naam is al in gebruik" in refused.get_data(as_text=True)
    allowed = _register(client, name="Andere Naam", email="a2@example.org")
    assert allowed.status_code == 302


def test_password_too_short(client):
    response = _register(client, password="kort")
    assert response.status_code == 400
    assert "Kies een wachtwoord van minstens 10 tekens." in response.get_data(as_text=True)
    assert _users() == 0


def test_errors_rerender_with_input_summary_and_aria(client):
    response = _register(client, name="Wijkbewoner Lent", email="geen-adres", password="geheim")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'value="Wijkbewoner Lent"' in html
    assert 'value="geen-adres"' in html
    assert "geheim" not in html, "a password is never echoed"
    assert 'href="#email"' in html and 'href="#password"' in html
    summary = html.index("Er gaat iets mis")
    assert summary < html.index('id="email"')
    email_input = re.search(r"<input[^>]*\bid=\"email\"[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in email_input
    assert 'aria-describedby="email-uitleg email-fout"' in email_input
    assert 'id="email-fout"' in html
    name_input = re.search(r"<input[^>]*\bid=\"display_name\"[^>]*>", html).group(0)
    assert "aria-invalid" not in name_input


def test_missing_accept_box_links_to_it(client):
    response = post_form(
        client,
        REGISTER,
        {"display_name": "Piet", "email": "piet@example.org", "password": PASSWORD},
    )
    html = response.get_data(as_text=True)
    assert 'href="#accept"' in html
    checkbox = re.search(r"<input[^>]*\bid=\"accept\"[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in checkbox and "accept-fout" in checkbox


HOSTILE_VALUES = [
    HOSTILE,
    "<script>alert(1)</script>",
    "\u202eevil\u202c",
    "x" * 100_000,
    "a\x00b",
    "\x00",
    "\ufffd",
    "' OR 1=1 --",
]


@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=range(len(HOSTILE_VALUES)))
@pytest.mark.parametrize("field", ["display_name", "email", "password"])
def test_hostile_input_never_a_500(client, field, value):
    data = {
        "display_name": "Gewone Naam",
        "email": "gewoon@example.org",
        "password": PASSWORD,
        "accept": "y",
    }
    data[field] = value
    response = post_form(client, REGISTER, data)
    assert response.status_code in {200, 302, 400}
    html = response.get_data(as_text=True)
    assert "<script>alert" not in html
    assert "\x00" not in html


def test_invalid_utf8_percent_encoding_never_a_500(client):
    token = csrf_token(client)
    body = (
        f"csrf_token={token}&display_name=%FF%FE%00&email=%C3%28%40example.org"
        "&password=%E2%82&accept=y"
    )
    response = client.post(
        REGISTER, data=body.encode(), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "Er gaat iets mis" in response.get_data(as_text=True)
    assert _users() == 0


def test_logged_in_user_is_sent_to_account(client):
    login_as(client, make_user())
    response = client.get(REGISTER)
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/account"


@pytest.mark.parametrize("field", ["display_name", "email", "password"])
def test_only_spaces_count_as_empty(client, field):
    data = {
        "display_name": "Gewone Naam",
        "email": "spaties@example.org",
        "password": PASSWORD,
        "accept": "y",
    }
    data[field] = "   "
    response = post_form(client, REGISTER, data)
    assert response.status_code == 400
    assert f'href="#{field}"' in response.get_data(as_text=True)
    assert _users() == 0


def test_existing_email_costs_the_same_password_hashing(client, monkeypatch):
    """No timing test: both answers do the same slow work (one Argon2 hash)."""
    import open_nijmegen.accounts.services as account_services

    make_user(email="bestaat@example.org")
    calls: list[str] = []
    real = account_services.hash_password

    def counting(password: str) -> str:
        calls.append(password)
        return real(password)

    monkeypatch.setattr(account_services, "hash_password", counting)
    _register(client, name="Nieuwe Naam", email="nieuw@example.org")
    assert len(calls) == 1
    _register(client, name="Andere Naam", email="bestaat@example.org")
    assert len(calls) == 2


def test_name_that_grows_under_nfkc_is_refused_not_a_500(client):
    """U+FDFA is one character that NFKC turns into 18: the key must still fit its column."""
    response = _register(client, name="\ufdfa" * 40, email="lang@example.org")
    assert response.status_code == 400
    assert 'href="#display_name"' in response.get_data(as_text=True)
    assert _users() == 0


@pytest.mark.parametrize(
    "name", ["verwijderde deelnemer", "Verwijderde  Deelnemer", "Gemeente Nijmegen", "Beheerder"]
)
def test_reserved_names_are_refused(client, name):
    data = {
        "display_name": name,
        "email": "gereserveerd@example.org",
        "password": PASSWORD,
        "accept": "y",
    }
    response = post_form(client, REGISTER, data)
    assert response.status_code == 400
    assert "Deze naam kan niet" in response.get_data(as_text=True)
    assert _users() == 0


def test_a_look_alike_of_a_taken_name_is_refused(client):
    make_user(name="Fatima uit Hatert")
    response = _register(client, name="F\u0430tima uit Hatert", email="nep@example.org")
    assert response.status_code in {200, 400}
    assert "Deze naam is al in gebruik." in response.get_data(as_text=True)
    assert _users() == 1


def test_reserved_names_are_refused_in_look_alike_letters_too(client):
    for name in ("G\u0435meente Nijmegen", "Verwijderde deelnerner"):
        response = _register(client, name=name, email="nep@example.org")
        assert "Deze naam kan niet." in response.get_data(as_text=True), name
    assert _users() == 0


@pytest.mark.parametrize(
    "address", ["inwoner+1@example.org", "Inwoner+steun@Example.org", "INWONER@example.org"]
)
def test_one_account_per_mailbox_a_plus_address_is_the_same(client, address):
    """Issue 15 point 6: the +tag does not make a second account; the answer is the same as
    for a new address, and the owner gets the "already an account" mail."""
    make_user(email="inwoner@example.org", name="Eigenaar")
    new = _register(client, name="Iemand Anders", email="ander@example.org")
    taken = _register(client, name="Tweede Ik", email=address)
    assert taken.status_code == new.status_code == 302
    assert taken.headers["Location"] == new.headers["Location"]
    assert _users() == 2
    subjects = db.session.scalars(
        sa.select(OutboxMessage.subject).where(OutboxMessage.recipient == "inwoner@example.org")
    ).all()
    assert subjects == ["U hebt al een account"]


def test_mail_goes_to_the_address_as_typed(client):
    _register(client, name="Met Plus", email="met+nijmegen@example.org")
    user = db.session.scalar(sa.select(User))
    assert user.email == "met+nijmegen@example.org"
    assert user.email_key == "met@example.org"
    recipients = db.session.scalars(sa.select(OutboxMessage.recipient)).all()
    assert recipients == ["met+nijmegen@example.org"]


def test_the_mailbox_key_is_unique_in_the_database():
    make_user(email="een@example.org", password="")
    with pytest.raises(sa.exc.IntegrityError):
        make_user(email="een+twee@example.org", password="")
    db.session.rollback()


def test_an_address_change_to_a_plus_address_of_another_account_is_refused(client, login):
    from open_nijmegen.accounts import services

    make_user(email="bezet@example.org")
    me = make_user(email="ik@example.org")
    services.request_email_change(me, PASSWORD, "bezet+1@example.org")
    db.session.commit()
    assert not db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.recipient == "bezet+1@example.org")
    ).all(), "no confirmation link to another account's mailbox"
    with pytest.raises(services.AccountError):
        services.apply_email_change(me, "bezet+1@example.org")
    services.apply_email_change(me, "ik+nieuw@example.org")  # my own mailbox: allowed
    assert me.email_key == "ik@example.org"
