"""Officer pages under /beheer/peilingen: the questionnaire builder, preview, panel codes and
the screening of open answers.

No page here shows a person next to their answers: responses carry no person (models.py), and
the screening page shows open answers one by one, without a key or date.

Package layout: ``common`` (the staff requirement and the look-ups), ``vragenlijst`` (the
builder: peilingen, pages, questions, publishing, preview), ``antwoorden`` (codes, screening
open answers, the responses CSV, paper forms), ``cijfers`` (the population figures). The route
table (blueprint.py) reads the views from this package: ``beheer_views.index`` and so on.
"""

from __future__ import annotations

from open_nijmegen.peilingen.beheer_views.antwoorden import (
    antwoorden_csv,
    beoordeel,
    codes_maken,
    open_antwoorden,
    papier,
)
from open_nijmegen.peilingen.beheer_views.cijfers import bevolking, bevolking_standaard
from open_nijmegen.peilingen.beheer_views.common import STAFF, ZONE
from open_nijmegen.peilingen.beheer_views.vragenlijst import (
    index,
    peiling,
    peiling_form,
    publiceren,
    sectie_form,
    voorbeeld,
    vraag_form,
    vraag_weg,
)

__all__ = [
    "STAFF",
    "ZONE",
    "antwoorden_csv",
    "beoordeel",
    "bevolking",
    "bevolking_standaard",
    "codes_maken",
    "index",
    "open_antwoorden",
    "papier",
    "peiling",
    "peiling_form",
    "publiceren",
    "sectie_form",
    "voorbeeld",
    "vraag_form",
    "vraag_weg",
]
