"""Typed settings: B1 parse errors, an audit entry per change, a form that keeps typed values."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa
from factories import HOSTILE, make_admin
from helpers import login_as

from open_nijmegen.core.models import AuditLog, Setting
from open_nijmegen.core.settings import SettingSpec, get_setting, set_setting, specs
from open_nijmegen.extensions import db

URL = "/beheer/instellingen"
INT_KEY = "bewaar.verzonden_mail_dagen"
BOOL_KEY = "site.moderatie_vooraf"


class _FormValues(HTMLParser):
    """The values a browser would submit for the settings form as it is shown."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name:
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.values[name] = a.get("value") or "on"
            else:
                self.values[name] = a.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None


def _form(client) -> dict[str, str]:
    parser = _FormValues()
    parser.feed(client.get(URL).get_data(as_text=True))
    assert "csrf_token" in parser.values
    return parser.values


def _audit(action: str = "setting.changed") -> list[AuditLog]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(AuditLog).where(AuditLog.action == action)))


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("abc", "Vul een heel getal in."),
        ("12.5", "Vul een heel getal in."),
        ("", "Vul een heel getal in."),
        ("0", "Vul een getal in van 1 of meer."),
        ("99999", "Vul een getal in van 3650 of minder."),
    ],
)
def test_int_setting_parse_errors_are_b1(raw, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        specs()[INT_KEY].parse(raw)


def test_parse_types():
    spec = specs()[INT_KEY]
    assert spec.parse(" 42 ") == 42
    flag = SettingSpec(key="t.flag", kind=bool, default=False, label="x")
    assert flag.parse("ja") is True and flag.parse("") is False and flag.parse(True) is True
    choice = SettingSpec(key="t.keuze", kind=str, default="a", label="x", choices=("a", "b"))
    assert choice.parse(" b ") == "b"
    with pytest.raises(ValueError, match="Kies een van de mogelijkheden."):
        choice.parse("c")
    text = SettingSpec(key="t.tekst", kind=str, default="", label="x")
    with pytest.raises(ValueError, match="te lang"):
        text.parse("x" * 20001)


def test_set_setting_stores_and_audits_only_real_changes():
    admin = make_admin(password="")
    default = specs()[INT_KEY].default
    assert get_setting(INT_KEY) == default
    set_setting(admin, INT_KEY, "30")
    db.session.commit()
    set_setting(admin, INT_KEY, 30)
    db.session.commit()
    assert get_setting(INT_KEY) == 30
    row = db.session.get(Setting, INT_KEY)
    assert row.value == 30 and row.updated_by_id == admin.id
    entries = _audit()
    assert len(entries) == 1
    assert entries[0].actor_id == admin.id
    assert entries[0].details == {"key": INT_KEY, "old": default, "new": 30}
    with pytest.raises(ValueError):
        set_setting(admin, INT_KEY, "veel")


def test_declaring_a_setting_twice_differently_fails():
    from open_nijmegen.core.settings import declare

    spec = specs()[INT_KEY]
    assert declare(spec) is spec
    with pytest.raises(RuntimeError):
        declare(SettingSpec(key=INT_KEY, kind=int, default=1, label="anders"))


def test_settings_page_keeps_typed_values_on_error(client):
    login_as(client, make_admin(password=""))
    values = _form(client)
    values[INT_KEY] = "twintig dagen"
    values[BOOL_KEY] = "1"
    strings = [s.key for s in specs().values() if s.kind is str and not s.choices]
    if strings:
        values[strings[0]] = HOSTILE
    response = client.post(URL, data=values)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    field_id = "instelling-" + INT_KEY.replace(".", "-")
    assert "Er gaat iets mis" in html
    assert f'href="#{field_id}"' in html
    assert "Vul een heel getal in." in html
    field = re.search(rf"<input[^>]*id=\"{field_id}\"[^>]*>", html).group(0)
    assert 'value="twintig dagen"' in field
    assert 'aria-invalid="true"' in field and f"{field_id}-fout" in field
    checkbox = re.search(r"<input[^>]*id=\"instelling-site-moderatie_vooraf\"[^>]*>", html)
    assert "checked" in checkbox.group(0), "the ticked box stays ticked"
    assert "<script>" not in html
    assert db.session.scalars(sa.select(Setting)).all() == [], "nothing saved on error"
    assert _audit() == []


def test_settings_page_saves_and_audits(client):
    admin = make_admin(password="")
    login_as(client, admin)
    values = _form(client)
    values[INT_KEY] = " 45 "
    values[BOOL_KEY] = "1"
    response = client.post(URL, data=values)
    assert response.status_code == 302
    db.session.expire_all()
    assert get_setting(INT_KEY) == 45
    assert db.session.get(Setting, BOOL_KEY).value is True
    changed = {e.details["key"]: e.details["new"] for e in _audit()}
    assert changed == {INT_KEY: 45, BOOL_KEY: True}, "only what changed is in the log"
    assert all(e.actor_id == admin.id for e in _audit())

    values = _form(client)
    assert values[INT_KEY] == "45" and values.get(BOOL_KEY) == "1"
    values.pop(BOOL_KEY)  # untick the box
    client.post(URL, data=values)
    db.session.expire_all()
    assert get_setting(BOOL_KEY) is False
    log = client.get("/beheer/logboek").get_data(as_text=True)
    assert "Instelling aangepast" in log and "setting.changed" not in log


TWO_STEP = "accounts.tweestaps_medewerkers"


def _checkbox(html: str, key: str) -> str:
    field_id = "instelling-" + key.replace(".", "-")
    return re.search(rf"<input[^>]*id=\"{field_id}\"[^>]*>", html).group(0)


def test_settings_page_shows_the_value_in_force(app, client, monkeypatch):
    # Issue 15 point 15: in development the two-step box was ticked while two-step login was
    # off until someone saved the page.
    from open_nijmegen.accounts.oidc import totp

    monkeypatch.setitem(app.config, "OPEN_NIJMEGEN_ENV", "development")
    login_as(client, make_admin(password=""))
    html = client.get(URL).get_data(as_text=True)
    with app.test_request_context():
        assert totp.required_for_staff() is False
    assert "checked" not in _checkbox(html, TWO_STEP)
    monkeypatch.setitem(app.config, "OPEN_NIJMEGEN_ENV", "production")
    html = client.get(URL).get_data(as_text=True)
    assert "checked" in _checkbox(html, TWO_STEP)
    with app.test_request_context():
        assert totp.required_for_staff() is True


def test_saving_one_setting_changes_only_that_one(app, client, monkeypatch):
    # Issue 15 point 15: saving any setting turned two-step login on for all staff.
    from open_nijmegen.accounts.oidc import totp

    monkeypatch.setitem(app.config, "OPEN_NIJMEGEN_ENV", "development")
    login_as(client, make_admin(password=""))
    values = _form(client)
    values[INT_KEY] = "45"
    assert client.post(URL, data=values).status_code == 302
    db.session.expire_all()
    assert [row.key for row in db.session.scalars(sa.select(Setting))] == [INT_KEY]
    assert [e.details["key"] for e in _audit()] == [INT_KEY]
    with app.test_request_context():
        assert totp.required_for_staff() is False
    assert "checked" not in _checkbox(client.get(URL).get_data(as_text=True), TWO_STEP)
