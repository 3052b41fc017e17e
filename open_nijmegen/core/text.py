"""User text: plain text in, safe HTML out. All user HTML goes through bleach."""

from __future__ import annotations

import functools
import re
from typing import Any

import bleach
from bleach.linkifier import Linker
from markupsafe import Markup, escape

# Links in user text: not endorsed by us (nofollow), user-generated content (ugc), and the new tab
# gets no handle on this page (noopener). The README promises exactly this.
LINK_REL = "nofollow ugc noopener"


def _user_link(attrs: dict[Any, str], new: bool = False) -> dict[Any, str]:
    """bleach linkify callback: every http(s) link opens in a new tab with ``rel=LINK_REL``."""
    href = attrs.get((None, "href"), "")
    if not href or href.startswith("mailto:"):
        return attrs
    attrs[(None, "rel")] = LINK_REL
    attrs[(None, "target")] = "_blank"
    return attrs


_linker = Linker(
    callbacks=[_user_link],
    skip_tags={"pre", "code"},
    parse_email=False,
)
# Controls and bidi overrides that could disguise text; newlines and tabs are kept.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def clean_plain(text: str | None) -> str:
    """Normalise user plain text before storing: no control or bidi-override characters."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def plain_to_html(text: str | None) -> Markup:
    """Render stored plain text as paragraphs with safe, clickable links."""
    if not text:
        return Markup("")
    if len(text) <= 5000:
        return _cached_plain_to_html(text)
    return _plain_to_html(text)


@functools.lru_cache(maxsize=2048)
def _cached_plain_to_html(text: str) -> Markup:
    # A pure function of the text, and bleach is slow: cached per process (bounded memory).
    return _plain_to_html(text)


def _plain_to_html(text: str) -> Markup:
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    parts = []
    for p in paragraphs:
        html = str(escape(p.strip())).replace("\n", "<br>\n")
        html = _linker.linkify(html)
        html = bleach.clean(
            html,
            tags={"a", "br"},
            attributes={"a": ["href", "rel", "target"]},
            protocols={"http", "https"},
            strip=True,
        )
        parts.append(f"<p>{html}</p>")
    return Markup("\n".join(parts))  # noqa: S704 - cleaned by bleach above


def excerpt(text: str | None, length: int = 200) -> str:
    text = " ".join((text or "").split())
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0]
    return cut + " …"
