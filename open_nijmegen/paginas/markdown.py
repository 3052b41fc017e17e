"""The Markdown subset of officer pages: headings, paragraphs, lists, links, bold and italic,
and images from the site's own uploads. markdown-it-py parses (raw HTML off, nesting bounded);
the result goes through bleach, the site's one sanitiser, with an allow-list of tags."""

from __future__ import annotations

import functools
import re
from typing import Any

import bleach
from markdown_it import MarkdownIt
from markupsafe import Markup

from open_nijmegen.core.text import LINK_REL

# Headings start at h2: the page title is the h1.
TAGS = {"h2", "h3", "h4", "p", "ul", "ol", "li", "a", "strong", "em", "img", "br"}
ATTRIBUTES = {"a": ["href", "rel"], "img": ["src", "alt"], "ol": ["start"]}
PROTOCOLS = {"http", "https", "mailto"}


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["code", "fence", "blockquote", "hr", "html_block", "html_inline", "backticks"])
    md.options["maxNesting"] = 20  # 1 MB of nested lists stays a flat, bounded page
    md.validateLink = _allowed_link
    md.add_render_rule("link_open", _link_open)
    return md


def _link_open(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    """Links to other sites get the same ``rel`` as links in residents' text."""
    token = tokens[idx]
    if str(token.attrGet("href") or "").startswith(("http://", "https://")):
        token.attrSet("rel", LINK_REL)
    return str(self.renderToken(tokens, idx, options, env))


def _allowed_link(url: str) -> bool:
    """Links: http(s), mailto and the site's own paths. Images are checked in ``_attributes``."""
    lowered = url.strip().lower()
    return lowered.startswith(("http://", "https://", "mailto:", "/")) and not lowered.startswith(
        "//"
    )


def _attributes(tag: str, name: str, value: str) -> bool:
    if tag == "img" and name == "src":
        return value.startswith("/uploads/")  # only images that passed the upload check
    if tag == "a" and name == "href":
        return _allowed_link(value)
    return name in ATTRIBUTES.get(tag, [])


_md = _parser()


def _shift_headings(html: str) -> str:
    # One h1 per page, the title: "# Kop" in an officer's text becomes h2 like "## Kop";
    # h5 and h6 become h4 (the subset has three levels).
    for old, new in (("h1", "h2"), ("h5", "h4"), ("h6", "h4")):
        html = html.replace(f"<{old}>", f"<{new}>").replace(f"</{old}>", f"</{new}>")
    return html


def render(text: str) -> Markup:
    """Markdown in, safe HTML out. A link to a page of the site ("/p/wijkfeest") goes to that
    page under this page's root, so a reader of the English pages (/en/...) stays there."""
    html = _render(text)
    from flask import has_request_context, request

    root = request.script_root.rstrip("/") if has_request_context() else ""
    if not root:
        return html
    return Markup(_LOCAL_HREF.sub(lambda m: f'href="{root}/', str(html)))  # noqa: S704


_LOCAL_HREF = re.compile(r'href="/(?!/)')


@functools.lru_cache(maxsize=256)
def _render(text: str) -> Markup:
    """Markdown in, safe HTML out (cached per process: a pure function of the text)."""
    html = _shift_headings(_md.render(text or ""))
    html = bleach.clean(html, tags=TAGS, attributes=_attributes, protocols=PROTOCOLS, strip=True)
    return Markup(_classes(html))  # noqa: S704 - cleaned by bleach above


CLASSES = {
    "h2": "utrecht-heading-2",
    "h3": "utrecht-heading-3",
    "h4": "utrecht-heading-4",
    "p": "utrecht-paragraph",
    "ul": "utrecht-unordered-list",
    "ol": "utrecht-ordered-list",
    "li": "",
    "a": "utrecht-link",
    "img": "site-page-image",
}
_OPEN_TAG = re.compile(r"<(" + "|".join(CLASSES) + r")(?=[ >])")


def _classes(html: str) -> str:
    """The NL Design System classes on the few tags the subset has (bleach left no class)."""
    return _OPEN_TAG.sub(
        lambda m: (
            f'<{m.group(1)} class="{CLASSES[m.group(1)]}"' if CLASSES[m.group(1)] else m.group(0)
        ),
        html,
    )
