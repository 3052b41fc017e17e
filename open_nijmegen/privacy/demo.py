"""Demo state of the privacy pages: one request to erase an account, waiting for a second
beheerder (so the dashboard panel and the waiting page are seen by the crawler tests)."""

from __future__ import annotations

from typing import Any

from open_nijmegen.cli import demo_seeder
from open_nijmegen.privacy import verzoeken


@demo_seeder(order=90)
def seed(users: dict[str, Any]) -> None:
    person, beheerder = users.get("inwoner2"), users.get("beheerder")
    if person is None or beheerder is None or person.erased_at is not None:
        return
    if verzoeken.pending_request(person) is None:
        verzoeken.request_erasure(beheerder, person, "PRIV-2026-0031")
