"""The wijk of a postal code, for a login whose provider sends an address (``postcode_claim``).

The table is a CSV file (``OPEN_NIJMEGEN_POSTCODE_WIJK_CSV``; default the shipped
``accounts/data/postcode_wijk_voorbeeld.csv``, which is EXAMPLE data, not official): ``#``
lines, then ``postcode;wijk``. A postcode is either 4 digits (6535) or 4 digits and 2 letters
(6535 AB); the 6-character one wins over the 4-digit one. Only the wijk's name leaves this
module: the postcode itself is never stored or kept in the session.
"""

from __future__ import annotations

import csv
import functools
import re
from pathlib import Path
from typing import Any

from flask import current_app

VOORBEELD_CSV = Path(__file__).resolve().parents[1] / "data" / "postcode_wijk_voorbeeld.csv"
_POSTCODE = re.compile(r"^\s*([1-9][0-9]{3})\s?([A-Za-z]{2})?\s*$")


class PostcodeTable:
    def __init__(self, rows: dict[str, str], official: bool) -> None:
        self.rows = rows
        self.official = official

    def wijk(self, postcode: str | None) -> str | None:
        found = normalise(postcode)
        if found is None:
            return None
        digits, letters = found
        if letters and f"{digits} {letters}" in self.rows:
            return self.rows[f"{digits} {letters}"]
        return self.rows.get(digits)


def normalise(postcode: Any) -> tuple[str, str] | None:
    """``("6535", "AB")``, ``("6535", "")`` or None for what is not a Dutch postcode."""
    if not isinstance(postcode, str) or len(postcode) > 16:
        return None
    match = _POSTCODE.match(postcode)
    if match is None:
        return None
    return match.group(1), (match.group(2) or "").upper()


@functools.lru_cache(maxsize=4)
def read_table(path: str) -> PostcodeTable:
    rows: dict[str, str] = {}
    official = False
    body = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            key, _sep, value = line[1:].partition(":")
            if key.strip() == "officieel":
                official = value.strip().lower() == "ja"
        elif line.strip():
            body.append(line)
    for row in csv.DictReader(body, delimiter=";"):
        found = normalise(row.get("postcode"))
        wijk = " ".join((row.get("wijk") or "").split())
        if found is None or not wijk:
            raise ValueError(f"{path}: not a postcode;wijk row: {row}")
        digits, letters = found
        rows[f"{digits} {letters}" if letters else digits] = wijk
    return PostcodeTable(rows, official)


def table() -> PostcodeTable:
    return read_table(str(current_app.config.get("POSTCODE_WIJK_CSV") or VOORBEELD_CSV))


def postcode_from_claim(value: Any) -> str | None:
    """The postal code in an OpenID Connect ``address`` claim (an object with
    ``postal_code``, OpenID Connect Core 5.1.1), or a claim that is the postal code itself."""
    if isinstance(value, dict):
        value = value.get("postal_code")
    return value if isinstance(value, str) else None


def wijk_of_claim(value: Any) -> str | None:
    return table().wijk(postcode_from_claim(value))
