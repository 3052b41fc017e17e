"""Forms as a browser sees them: each form's fields with the values a browser would submit, its
buttons, and which fields are marked optional. Used by the form sweeps (check button, error
states, optional fields) so that every form the crawler reaches is tried."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import sqlalchemy as sa

TEXT_TYPES = {"text", "email", "search", "tel", "url", ""}


@dataclass
class Field:
    name: str
    tag: str  # input, textarea, select
    type: str = ""
    id: str = ""
    value: str = ""
    checked: bool = False
    options: list[tuple[str, bool]] = field(default_factory=list)  # (value, selected)


@dataclass
class Form:
    action: str
    method: str
    novalidate: bool
    fields: list[Field] = field(default_factory=list)
    buttons: list[dict[str, str]] = field(default_factory=list)  # submit buttons (attrs)
    optional_ids: set[str] = field(default_factory=set)  # ids of labels marked (niet verplicht)

    def data(self) -> dict[str, Any]:
        """What a browser sends, without any button (multi-valued names as lists)."""
        out: dict[str, list[str]] = {}
        for f in self.fields:
            if f.tag == "input" and f.type in {"checkbox", "radio"}:
                if f.checked:
                    out.setdefault(f.name, []).append(f.value or "on")
            elif f.tag == "input" and f.type == "file":
                continue
            elif f.tag == "select":
                chosen = [v for v, selected in f.options if selected]
                if not chosen and f.options:
                    chosen = [f.options[0][0]]
                out.setdefault(f.name, []).extend(chosen[:1])
            else:
                out.setdefault(f.name, []).append(f.value)
        return {k: v if len(v) > 1 else v[0] for k, v in out.items()}

    def taal_buttons(self) -> list[str]:
        return [b["value"] for b in self.buttons if b.get("name") == "taal_check"]

    def by_id(self, field_id: str) -> Field | None:
        return next((f for f in self.fields if f.id == field_id), None)


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: Field | None = None
        self._select: Field | None = None
        self._option: list[Any] | None = None
        self._label_for: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(
                action=a.get("action", ""),
                method=(a.get("method") or "get").lower(),
                novalidate="novalidate" in a,
            )
            return
        if self._form is None:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "").lower()
            if kind in {"submit", "image", "button", "reset"}:
                if kind in {"submit", "image"}:
                    self._form.buttons.append(a)
                return
            self._form.fields.append(
                Field(a["name"], "input", kind, a.get("id", ""), a.get("value", ""), "checked" in a)
            )
        elif tag == "button":
            if a.get("type", "submit").lower() == "submit":
                self._form.buttons.append(a)
        elif tag == "textarea" and a.get("name"):
            self._textarea = Field(a["name"], "textarea", "", a.get("id", ""))
            self._form.fields.append(self._textarea)
        elif tag == "select" and a.get("name"):
            self._select = Field(a["name"], "select", "", a.get("id", ""))
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), "selected" in a, ""]
        elif tag == "label":
            self._label_for = a.get("for")
        elif tag == "span" and a.get("class", "").split() == ["site-optional"] and self._label_for:
            self._form.optional_ids.add(self._label_for)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data
        if self._option is not None:
            self._option[2] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None:
            # A browser drops the one newline right after <textarea>.
            self._textarea.value = self._textarea.value.removeprefix("\n")
            self._textarea = None
        elif tag == "option" and self._option is not None and self._select is not None:
            value = self._option[0] if self._option[0] is not None else self._option[2].strip()
            self._select.options.append((value, self._option[1]))
            self._option = None
        elif tag == "select":
            self._select = None
        elif tag == "label":
            self._label_for = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def parse_forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def table_state() -> dict[str, str]:
    """A digest of every table's rows: compare before and after a request ("nothing saved":
    no new row, no changed row, no mail in the outbox)."""
    import hashlib

    from open_nijmegen.extensions import db

    db.session.expire_all()
    state = {}
    for table in db.metadata.sorted_tables:
        if table.name in BOOKKEEPING_TABLES:
            continue
        rows = db.session.execute(sa.select(table)).all()
        digest = hashlib.sha256(repr(sorted(repr(tuple(r)) for r in rows)).encode()).hexdigest()
        state[table.name] = f"{len(rows)} rows {digest[:12]}"
    return state


# Rows a request may write without saving anything the user sent: the officer's look at
# personal data is logged (AVG, table verwerking), logins and their last use are recorded.
BOOKKEEPING_TABLES = {"verwerking", "login_event", "login_session"}


def changed_tables(before: dict[str, str], after: dict[str, str]) -> dict[str, tuple[str, str]]:
    return {
        name: (before.get(name, ""), now) for name, now in after.items() if now != before.get(name)
    }


@dataclass
class FoundForm:
    role: str
    page: str  # the page that shows the form
    form: Form
    endpoint: str  # the endpoint the form posts to
    button: str = ""  # the value of its check button (the id of the text field)


def endpoint_of(app: Any, path: str) -> str:
    from urllib.parse import urlsplit

    adapter = app.url_map.bind("localhost")
    try:
        endpoint, _args = adapter.match(urlsplit(path).path, method="POST")
    except Exception:  # noqa: BLE001 - not a POST route: the caller sees "?"
        return "?"
    return str(endpoint)


def forms_with_check_button(
    app: Any, demo_site: Any, roles: list[str], extra: dict[str, list[str]] | None = None
) -> list[FoundForm]:
    """Every form with a "Controleer mijn tekst" button on the pages each role reaches by
    links (from its start pages plus ``extra``), once per (endpoint, text field)."""
    from crawl import crawl
    from site_helpers import START, client_for

    found: dict[tuple[str, str], FoundForm] = {}
    for role in roles:
        start = START[role] + (extra or {}).get(role, [])
        result = crawl(client_for(app, demo_site, role), start, submit_forms=False)
        for page in result.pages:
            if 'name="taal_check"' not in page.html:
                continue
            for form in parse_forms(page.html):
                action = form.action or page.url
                for button in form.taal_buttons():
                    key = (endpoint_of(app, action), button)
                    found.setdefault(key, FoundForm(role, page.url, form, key[0], button))
    return list(found.values())
