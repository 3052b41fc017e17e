"""Demo data for peilingen (filled in by a later step)."""

from __future__ import annotations
