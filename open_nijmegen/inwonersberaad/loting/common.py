"""Shared pieces of the lottery: limits, record constants, the input error and small Dutch
text helpers. Every other module of the package imports from here; this one imports none of
them."""

from __future__ import annotations

import secrets
from collections.abc import Sequence

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

PERSONEN = "het bestand met aanmeldingen"
QUOTA = "het quotabestand"

_QUOTA_KOLOMMEN = ("feature", "value", "min", "max")
_QUOTA_ALIASSEN = {"kenmerk": "feature", "waarde": "value", "minimum": "min", "maximum": "max"}
# What the officer reads: the Dutch column names (the English ones are accepted too).
_QUOTA_NAAM = {"feature": "kenmerk", "value": "waarde", "min": "min", "max": "max"}
QUOTA_KOP = "kenmerk, waarde, min, max"

# --- errors and data classes ---------------------------------------------------------------------


class LotingInvoerFout(ValueError):
    """The input files or parameters are not usable. ``errors`` holds B1 Dutch messages."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors: list[str] = list(errors) or ["De invoer is niet goed."]
        super().__init__("\n".join(self.errors))


# --- small helpers -------------------------------------------------------------------------------


def new_seed() -> int:
    """A fresh non-zero seed from the OS's secure random source (1 .. 2**53 - 1)."""
    return secrets.randbelow(SEED_BOVENGRENS - 1) + 1


def _getal(n: int) -> str:
    """Dutch thousands separator: 10000 -> '10.000'."""
    return f"{n:,}".replace(",", ".")


def _mensen(n: int) -> str:
    """'1 persoon', '3 mensen'."""
    return "1 persoon" if n == 1 else f"{_getal(n)} mensen"


def procent(kans: float) -> str:
    """Dutch percentage with two decimals: 0.0914 -> '9,14%'."""
    return f"{kans * 100:.2f}%".replace(".", ",")


def _hoofdletter(tekst: str) -> str:
    return tekst[:1].upper() + tekst[1:]
