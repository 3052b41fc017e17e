"""Dated phases: the phase that began last is the current one. Shared by every module whose
work runs in phases (a traject's, a begroting's); each module keeps its own table of what is
open in which phase."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TypeVar

from open_nijmegen.core.db import utcnow

P = TypeVar("P")


def phase_at(phases: Iterable[tuple[P, datetime]], before: P, moment: datetime | None = None) -> P:
    """The phase at ``moment`` (default now) from (phase, start) pairs in order of their
    start; ``before`` when none has started yet."""
    moment = moment or utcnow()
    current = before
    for phase, starts in phases:
        if starts <= moment:
            current = phase
    return current
