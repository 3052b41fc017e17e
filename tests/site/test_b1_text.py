"""The site's own text is plain Dutch: every public page, rendered with the demo content (user
content in other tests is deliberately hostile, not plain Dutch), passes the B1 checker on its
visible text, or is listed below as an exception with the reason.

The prose of a page (text blocks of four words or more) must get the verdict B1. Short blocks
(labels, buttons, headings) say little about readability as a score, but they may not contain
officialese, and the page may use at most two uncommon words."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from crawl import crawl
from site_helpers import START, client_for

from open_nijmegen.taal import Verdict, check_text

# path prefix -> why this page may be harder than B1
EXCEPTIONS: dict[str, str] = {}

BLOCKS = {
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "dt",
    "dd",
    "td",
    "th",
    "label",
    "legend",
    "button",
    "summary",
    "caption",
    "div",
    "a",
    "option",
    "blockquote",
    "figcaption",
}


class _MainText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self.depth += 1
        if tag in {"script", "style", "textarea", "select"}:
            self.skip += 1
        if self.depth and tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.depth -= 1
        if tag in {"script", "style", "textarea", "select"}:
            self.skip -= 1
        if self.depth and tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.parts.append(data)


def visible_main_text(html: str) -> str:
    parser = _MainText()
    parser.feed(html)
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    return "\n".join(line for line in lines if line)


@pytest.mark.parametrize("role", ["anoniem", "inwoner"])
def test_every_public_page_is_b1(app, demo_site, role):
    result = crawl(client_for(app, demo_site, role), START[role], submit_forms=False)
    failing = []
    checked = 0
    for page in result.pages:
        if page.status != 200 or not page.headers.get("Content-Type", "").startswith("text/html"):
            continue
        path = page.url.split("?")[0]
        if any(path.startswith(prefix) for prefix in EXCEPTIONS):
            continue
        text = visible_main_text(page.html)
        prose = "\n".join(line for line in text.split("\n") if len(line.split()) >= 4)
        report = check_text(prose)
        whole = check_text(text)
        checked += 1
        if report.verdict not in (Verdict.B1, Verdict.LEEG):
            details = "; ".join(report.summary)
            hard = [s.text[:90] for s in report.long_sentences[:3]]
            failing.append(f"{page.url}: {report.verdict.value} ({details}) {hard}")
        if whole.officialese or len({w.word.lower() for w in whole.difficult_words}) > 2:
            words = [o.text for o in whole.officialese] + [w.word for w in whole.difficult_words]
            failing.append(f"{page.url}: officialese or uncommon words: {words}")
    assert checked >= 5
    assert not failing, "\n".join(failing)


def test_visible_text_extraction():
    html = (
        "<main><h1>Titel</h1><p>Een zin.</p><script>x()</script><textarea>geheim</textarea></main>"
    )
    assert visible_main_text(html) == "Titel\nEen zin."
