"""Rendered idea cards, memoised on exactly the values they show.

A list page shows 20 cards; rendering them is most of the page's cost. A card is a pure
function of the idea's displayed fields (and none of the reader's), so it is cached per
process under a key made of those very values (a frozen ``queries.Kaart``): any change to what
a card shows gives a new key, so a stale card can never be served. Only ideas that passed
``public_ideas()`` reach it.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from flask import render_template
from markupsafe import Markup

from open_nijmegen.ideeen.queries import Kaart

MAX_CARDS = 4096
_cards: OrderedDict[tuple[Any, ...], Markup] = OrderedDict()


def card(idee: Kaart, h: int = 3) -> Markup:
    key = (idee, h)
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
