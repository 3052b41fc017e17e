"""Rendered idea cards, memoised on exactly the values they show.

A list page shows 20 cards; rendering them is most of the page's cost. A card is a pure
function of the idea's displayed fields (and none of the reader's), so it is ``remembered``
(core.templating) under a key made of those very values (a frozen ``queries.Kaart``): any
change to what a card shows gives a new key, so a stale card can never be served. Only ideas
that passed ``public_ideas()`` reach it.
"""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from open_nijmegen.core.templating import forget_fragments, remembered
from open_nijmegen.ideeen.queries import Kaart


def card(idee: Kaart, h: int = 3) -> Markup:
    return remembered(
        ("idee-kaart", idee, h),
        lambda: render_template("ideeen/_idee_kaart.html", idee=idee, h=h),
    )


def clear() -> None:
    """Forget every remembered fragment of this application (tests start clean)."""
    forget_fragments()
