"""Cells for CSV files that people open in a spreadsheet: a value that a spreadsheet would run
as a formula (=, +, -, @, tab, CR at the start) gets a leading quote (CSV injection)."""

from __future__ import annotations

from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text
