"""The automated checks that ran on this version of the site, for the Toegankelijkheid page.

``make test`` runs them (axe-core in Chromium, the W3C HTML checker, 320 px without sideways
scrolling) and each writes its result to a JSON file (``AUTOMATIC_CHECKS_FILE``, default
``instance/automatische-controles.json``; a deploy copies the file from the build that passed).
The page shows what is in it; without a file it says so, and shows nothing made up."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import current_app

# key -> B1 description of the check, in the order the page shows them.
CHECKS = {
    "axe": "Toegankelijkheid van elke pagina, met axe-core in de browser Chromium",
    "html": "Of de code van elke pagina klopt, met de HTML-controle van W3C",
    "320px": "Of elke pagina past op een smal scherm van 320 pixels, zonder opzij te schuiven",
}


@dataclass(frozen=True)
class Controle:
    key: str
    description: str
    pages: int
    problems: int
    tool: str
    ran_at: datetime


def report_path() -> Path:
    configured = current_app.config.get("AUTOMATIC_CHECKS_FILE")
    return Path(configured or Path(current_app.instance_path) / "automatische-controles.json")


def read_report(path: Path | None = None) -> list[Controle]:
    """The checks in the file, known keys only; an absent or broken file gives an empty list."""
    path = path or report_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    found = []
    for key, description in CHECKS.items():
        item = raw.get(key) if isinstance(raw, dict) else None
        if not isinstance(item, dict):
            continue
        try:
            found.append(
                Controle(
                    key,
                    description,
                    int(item["pages"]),
                    int(item["problems"]),
                    str(item.get("tool", ""))[:80],
                    datetime.fromisoformat(str(item["ran_at"])),
                )
            )
        except (KeyError, TypeError, ValueError):
            continue
    return found


def write_result(
    path: Path, key: str, part: str, pages: int, problems: int, tool: str, ran_at: datetime
) -> None:
    """Add one part of a check (e.g. the pages of one role) to the file; the check's totals are
    the sum of its parts. The test suite calls this after each check."""
    if key not in CHECKS:
        raise ValueError(key)
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    parts = dict(data.get(key, {}).get("parts", {})) if isinstance(data.get(key), dict) else {}
    parts[part] = {"pages": pages, "problems": problems}
    data[key] = {
        "pages": sum(p["pages"] for p in parts.values()),
        "problems": sum(p["problems"] for p in parts.values()),
        "tool": tool,
        "ran_at": ran_at.isoformat(),
        "parts": parts,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)
