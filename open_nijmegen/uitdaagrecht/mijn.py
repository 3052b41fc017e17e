"""The uitdaagrecht section of Mijn Open Nijmegen: my challenges with their state."""

from __future__ import annotations

from typing import Any

from open_nijmegen.core.i18n import N_
from open_nijmegen.core.registry import MijnSection, registry
from open_nijmegen.uitdaagrecht import queries


def _context(user: Any) -> dict[str, Any]:
    return {"uitdagingen": queries.my_challenges(user)}


registry.add_mijn_section(
    MijnSection(
        "uitdagingen", N_("Mijn uitdagingen"), "uitdaagrecht/_mijn_uitdagingen.html", _context, 40
    )
)
