"""Taal: the B1 language checker (pure functions, no web code).

Use ``check_text`` from ``open_nijmegen.taal.checker``; see README.md in this package.
"""

from open_nijmegen.taal.checker import (
    DifficultWord,
    LongSentence,
    Officialese,
    PassiveHint,
    Report,
    Verdict,
    check_text,
)

__all__ = [
    "DifficultWord",
    "LongSentence",
    "Officialese",
    "PassiveHint",
    "Report",
    "Verdict",
    "check_text",
]
