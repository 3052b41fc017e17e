"""Rendered idea cards, memoised on exactly the values they show.

A list page shows 20 cards; rendering them is most of the page's cost. A card is a pure
function of the idea's displayed fields (and none of the reader's), so it is cached per
process under a key made of those very values: any change to what a card shows gives a new
key, so a stale card can never be served. Only ideas that passed ``public_ideas()`` reach it.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from flask import render_template
from markupsafe import Markup

MAX_CARDS = 4096
_cards: OrderedDict[tuple[Any, ...], Markup] = OrderedDict()


def _key(idee: Any, h: int) -> tuple[Any, ...]:
    author = idee.author
    return (
        idee.id,
        h,
        idee.updated_at,
        idee.titel,
        len(idee.tekst),
        idee.status,
        idee.support_count,
        idee.reaction_count,
        idee.published_at,
        idee.wijk.naam,
        idee.thema.naam,
        getattr(author, "id", None),
        getattr(author, "display_name", None),
        getattr(author, "erased_at", None) is not None,
    )


def card(idee: Any, h: int = 3) -> Markup:
    key = _key(idee, h)
    html = _cards.get(key)
    if html is not None:
        _cards.move_to_end(key)
        return html
    html = Markup(render_template("ideeen/_idee_kaart.html", idee=idee, h=h))  # noqa: S704 - rendered by autoescaping Jinja
    _cards[key] = html
    if len(_cards) > MAX_CARDS:
        _cards.popitem(last=False)
    return html


def clear() -> None:
    _cards.clear()
