"""Shared pieces of the lottery: limits, record constants, the input error and small text
helpers. Every other module of the package imports from here; this one imports none of them.

Messages are Dutch (B1) in the code and go through gettext (``_``, ``N_`` for names that are
translated where they are used): on an English page they are English; outside a request (the
CLI, the worker, the bench) they stay Dutch, the site's default language."""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from flask_babel import gettext as _
from flask_babel import ngettext

from open_nijmegen.core.i18n import N_, current_locale

# --- limits and constants ------------------------------------------------------------------------

MAX_PERSONEN = 10_000
MAX_QUOTAREGELS = 1_000
MAX_BESTAND_BYTES = 5 * 1024 * 1024
MAX_ID_LENGTE = 64
MAX_GETAL = 100_000
MAX_FOUTEN = 50
MAX_RESERVE_TREKKINGEN = 10_000
KANS_TOLERANTIE = 1e-6
SEED_BOVENGRENS = 2**53  # seeds are 1 .. 2**53 - 1: exact in JSON for every language

RECORD_FORMAT = "open-nijmegen-loting/1"
DRAW_METHOD = "python-random-mt19937-cumulative-v1"
DRAW_METHOD_DESCRIPTION = (
    "Panels: sorted id lists, sorted, duplicates merged, zero probabilities dropped. "
    "rng = random.Random(seed). Panel: u = rng.random() * sum(p); first panel whose running sum "
    "of p is greater than u. Reserves: repeat that draw; per drawn panel take the ids not yet "
    "chosen, sort them, rng.shuffle them, append until enough reserves (at most "
    f"{MAX_RESERVE_TREKKINGEN} extra draws)."
)
ALGORITMES = ("maximin", "nash", "leximin")
SOLVER = "highspy"

PERSONEN = N_("het bestand met aanmeldingen")
QUOTA = N_("het quotabestand")

_QUOTA_KOLOMMEN = ("feature", "value", "min", "max")
_QUOTA_ALIASSEN = {"kenmerk": "feature", "waarde": "value", "minimum": "min", "maximum": "max"}
# What the officer reads: the Dutch column names (the English ones are accepted too).
_QUOTA_NAAM = {"feature": "kenmerk", "value": "waarde", "min": "min", "max": "max"}
QUOTA_KOP = "kenmerk, waarde, min, max"

# --- errors and data classes ---------------------------------------------------------------------


class LotingInvoerFout(ValueError):
    """The input files or parameters are not usable. ``errors`` holds B1 Dutch messages."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors: list[str] = list(errors) or [_("De invoer is niet goed.")]
        super().__init__("\n".join(self.errors))


# --- small helpers -------------------------------------------------------------------------------


def new_seed() -> int:
    """A fresh non-zero seed from the OS's secure random source (1 .. 2**53 - 1)."""
    return secrets.randbelow(SEED_BOVENGRENS - 1) + 1


def _nederlands() -> bool:
    return current_locale() == "nl"


def _getal(n: int) -> str:
    """Thousands separator of the language: 10000 -> '10.000' (Dutch), '10,000' (English)."""
    tekst = f"{n:,}"
    return tekst.replace(",", ".") if _nederlands() else tekst


def _mensen(n: int) -> str:
    """'1 persoon', '3 mensen'."""
    return ngettext("%(aantal)s persoon", "%(aantal)s mensen", n, aantal=_getal(n))


def procent(kans: float) -> str:
    """Percentage with two decimals: 0.0914 -> '9,14%' (Dutch), '9.14%' (English)."""
    tekst = f"{kans * 100:.2f}%"
    return tekst.replace(".", ",") if _nederlands() else tekst


def _hoofdletter(tekst: str) -> str:
    return tekst[:1].upper() + tekst[1:]


def _naam(label: str) -> str:
    """A file's name for the start of a message: 'Het quotabestand' (``label`` is a msgid)."""
    return _hoofdletter(_(label))
