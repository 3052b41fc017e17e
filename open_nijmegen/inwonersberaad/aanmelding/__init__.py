"""Stage 2 and after the draw: registration with the code from the letter, the recruitment
dashboard, the pool for the stratified draw, and the outcome (mails, reserves, dropouts).

* The questions are the features of the beraad's quotas file (``WervingOpzet.quota_csv``, the
  file the lottery reads); the answers are its values. An answer that is not one of them is
  refused (``AanmeldFout``), so the pool always parses.
* A code is checked with ``core.codes.find`` (wrong attempts counted per client, one generic
  message) and used with ``codes.consume`` in the same transaction as the registration: one
  registration per code, whatever runs at the same moment. With
  ``inwonersberaad.een_aanmelding_per_adres`` the unique ``(beraad_id, adres_uniek)`` decides
  that an address registers once.
* ``pool_csv`` is the people file for ``services.start_loting``: a random pseudonym and the
  answers, nothing else. The lottery job and its record stay as they are.
* ``verwerk_uitslag`` mails everyone after the draw: the chosen get the existing membership
  invitation (``services.invite_member``), reserves their number, the others a thank-you. A
  dropout is replaced with ``loting.vervanger_voor`` (the first reserve who keeps the quotas).
* ``purge_registrations``: who was not chosen (or stopped) is deleted
  ``bewaar.werving_aanmeldingen_dagen`` after the mail.

Package layout: ``common`` (limits, ``AanmeldFout``, ``Vraag``, ``Gegevens``, the registrations
of a beraad), ``opzet`` (the questions and dates), ``registratie`` (the code and the
registration), ``dashboard`` (the dashboard and pool), ``uitslag`` (after the draw and the purge).
Import from this package: ``from open_nijmegen.inwonersberaad import aanmelding as A``.
"""

from __future__ import annotations

from open_nijmegen.inwonersberaad.aanmelding.common import (
    HUISNUMMER,
    MAX_SESSIES,
    OPEN_FASEN,
    POSTCODE,
    AanmeldFout,
    Gegevens,
    Vraag,
    aanmeldingen,
    aantal,
)
from open_nijmegen.inwonersberaad.aanmelding.dashboard import (
    Stand,
    Stratum,
    niet_gereageerd,
    pool_csv,
    stand,
    start_loting,
)
from open_nijmegen.inwonersberaad.aanmelding.opzet import (
    is_open,
    lees_sessies,
    open_beraden,
    opzet_voor,
    save_opzet,
    vragen,
)
from open_nijmegen.inwonersberaad.aanmelding.registratie import (
    adres,
    adres_sleutel,
    check_code,
    code_is_bruikbaar,
    register,
)
from open_nijmegen.inwonersberaad.aanmelding.uitslag import (
    purge_registrations,
    uitslag_loting,
    vervang,
    verwerk_uitslag,
)

# Names the views read through this package (as they did from the single module).
from open_nijmegen.inwonersberaad.aanmelding_models import AanmeldStatus, BeraadAanmelding
from open_nijmegen.inwonersberaad.werving_cli import CODE_OWNER

__all__ = [
    "CODE_OWNER",
    "AanmeldStatus",
    "BeraadAanmelding",
    "AanmeldFout",
    "Gegevens",
    "HUISNUMMER",
    "MAX_SESSIES",
    "OPEN_FASEN",
    "POSTCODE",
    "Stand",
    "Stratum",
    "Vraag",
    "aanmeldingen",
    "aantal",
    "adres",
    "adres_sleutel",
    "check_code",
    "code_is_bruikbaar",
    "is_open",
    "lees_sessies",
    "niet_gereageerd",
    "open_beraden",
    "opzet_voor",
    "pool_csv",
    "purge_registrations",
    "register",
    "save_opzet",
    "stand",
    "start_loting",
    "uitslag_loting",
    "vervang",
    "verwerk_uitslag",
    "vragen",
]
