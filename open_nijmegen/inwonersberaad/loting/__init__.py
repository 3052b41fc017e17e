"""Verifiable stratified lottery (loting) for the inwonersberaad.

Pure Python: no Flask, no database. The web layer and the background job call these functions.

Input
=====
Two CSV files, UTF-8 (a BOM is accepted), separated by ``,`` or ``;`` (Dutch Excel exports use
``;``) or a tab. The separator is sniffed from the first line: the candidate that occurs most often
in it wins, ties go to ``,``.

* **People file** (aanmeldingen): a header line with an id column (``id`` by default, see
  ``parse_input(id_column=...)``) and exactly one column per feature in the quotas file. Nothing
  else: columns that look like personal data (naam, e-mail, adres, telefoon, geboortedatum,
  postcode, bsn, ...) are refused, and so is any other column that is not a feature. The id is a
  pseudonymous code. Values are matched case-insensitively and stored in the spelling of the
  quotas file.
* **Quotas file** (quota): header ``kenmerk,waarde,min,max`` (what the officer is asked for and
  what the example files ``VOORBEELD_*`` use; ``feature`` and ``value`` are accepted as well), one line per value of a feature. ``min`` and ``max`` are whole numbers ``>= 0``
  with ``min <= max``: the panel holds at least ``min`` and at most ``max`` people with that value.
  Every value that occurs in the people file needs a line.

Panel size and number of reserves are parameters, not part of the files.

``parse_input`` checks all of this and raises ``LotingInvoerFout`` with a list of short B1 Dutch
messages (with line numbers) when anything is wrong; nothing is returned, so nothing can be stored.
``controleer_haalbaarheid`` pre-checks the quotas against the pool and panel size before the solver
runs (sum of mins, sum of maxes, too few people for a min, ...). If the quotas pass these checks but
are still jointly infeasible, the solver's own relaxation advice is turned into B1 messages.

Selection
=========
1. ``bereken_verdeling`` computes a *distribution*: a list of panels (committees) that each meet all
   quotas, with a probability per panel. It uses ``sortition_algorithms``' maximin algorithm with the
   HiGHS solver (``find_distribution_maximin``), which maximises the smallest selection chance of
   any volunteer (Flanigan et al., Nature 2021). ``nash`` is available too, and ``leximin``
   (module ``leximin``: the same paper's column generation on HiGHS, over types of people).
2. A seed is drawn (``new_seed``, a non-zero integer below 2**53 so it survives JSON in any
   language). ``run_loting`` draws it *after* the distribution is fixed when no seed is given, so
   nobody can tune the distribution to a known seed.
3. ``trek`` draws one panel from the distribution. The draw is fully specified (``DRAW_METHOD``):

   a. Canonical form: each panel is a sorted list of ids (Python string order); panels are sorted
      as lists; equal panels are merged by adding their probabilities; zero-probability panels
      are dropped.
   b. ``rng = random.Random(seed)`` (Mersenne Twister, stable across Python 3 versions for integer
      seeds).
   c. One draw: ``u = rng.random() * total`` where ``total`` is the sum of the probabilities in
      canonical order; the chosen panel is the first one whose running total is greater than ``u``
      (``bisect_right`` on the cumulative sums).

Reserves
========
Reserves come from the *same* distribution and the *same* random generator, right after the panel
draw: we keep drawing whole panels with step (c). Each extra draw is a panel that meets all quotas.
Its members who are not yet on the panel or the reserve list are sorted, shuffled with
``rng.shuffle`` and appended to the reserve list, until there are enough reserves. The list is
ordered: reserve 1 first. When a panel member drops out, take the first reserve on the list who
keeps all quotas met (``vervanger_voor``).

Why this way: (1) every reserve comes out of a quota-balanced panel drawn from the fair (maximin)
distribution, so the reserve list has roughly the make-up of a fair panel and every volunteer who
fits in some panel can become a reserve, with odds driven by the same distribution (not by a greedy
pick); (2) no second solver run is needed. A second maximin run over the remaining pool would be
computed *after* the seed is known, which opens a window to re-run the solver until it gives a
wanted reserve list, and verifiers would have to check two distributions. Limits: the reserve list
as a whole is not itself held to quotas (quotas are kept when a reserve replaces a dropout, by
``vervanger_voor``), and a volunteer's chance of being a reserve is not the published panel
probability. If the distribution has too few distinct people to fill the list (or after
``MAX_RESERVE_TREKKINGEN`` extra draws), the list is shorter and the result has a warning.

Uniform final step
==================
Optional (``run_loting(..., uniform_m=M)``, ``flask loting trek --uniform M``): module
``uniform`` rounds the distribution to M equally likely panels before the seed exists
(Flanigan, Kehne and Procaccia 2021), the record lists all M (``uniform.panels``) with the
largest change of anyone's chance (``uniform.max_deviation``), and the panel is number
``(seed mod M) + 1`` of that list (``DRAW_METHOD_UNIFORM``), so anyone can check the pick by
hand. The chances in the record are then those of the M panels.

Verification
============
``LotingResult.to_public_dict()`` is the publishable record: algorithm, pinned library versions,
SHA-256 of both input files, quotas, panel size, seed, the distribution, the panel, the reserves and
the selection probabilities. ``verify`` checks a record against the two files without running the
solver (the solver is not deterministic: HiGHS and the library use random seeds of their own, so a
re-run may find a different but equally fair distribution). It checks the hashes, that every panel
in the distribution meets the quotas, that the probabilities add up to 1, and it repeats the seeded
draw to get the same panel and reserves.

API
===
* ``parse_input(people, quotas, id_column="id", panel_size=None, reserves=0) -> LotingInput``
* ``controleer_haalbaarheid(input, panel_size, reserves) -> list[str]`` (empty: fine)
* ``run_loting(input, panel_size, reserves, seed=None, algorithm="maximin", progress=None)
  -> LotingResult``; or in two steps for a job that wants to store the distribution first:
  ``bereken_verdeling(...) -> Verdeling``, then ``maak_resultaat(input, verdeling, panel_size,
  reserves, new_seed())``. Store the result (it holds the seed) before the panel is shown.
* ``LotingResult.to_public_dict()`` / ``public_json(record)``; ``verify(people, quotas, record)
  -> VerificationReport`` (``ok``, ``bevindingen``, ``fouten``).
* ``trek``, ``quota_fouten``, ``vervanger_voor``, ``new_seed``, ``voorbeeld_pool``.

The library's Python loggers are silenced during the solver run. HiGHS itself prints a one-line
banner from C the first time a solver is made in a process; Python cannot silence that.

Package layout
==============
``common`` (limits, record constants, ``LotingInvoerFout``, text helpers), ``csvbestand`` (reading
the CSV files), ``input`` (``parse_input``, ``controleer_haalbaarheid``), ``solving``
(``bereken_verdeling``, ``Verdeling``), ``drawing`` (``trek``, ``quota_fouten``,
``vervanger_voor``), ``leximin`` (leximin on HiGHS), ``uniform`` (the uniform final step), ``record`` (``maak_resultaat``, ``run_loting``, ``LotingResult``),
``verification`` (``verify``) and ``voorbeeld`` (example files and synthetic pools). Import the
public names from this package: ``from open_nijmegen.inwonersberaad.loting import verify``.
"""

from __future__ import annotations

from open_nijmegen.inwonersberaad.loting.common import (
    ALGORITMES,
    DRAW_METHOD,
    DRAW_METHOD_DESCRIPTION,
    KANS_TOLERANTIE,
    MAX_BESTAND_BYTES,
    MAX_FOUTEN,
    MAX_GETAL,
    MAX_ID_LENGTE,
    MAX_PERSONEN,
    MAX_QUOTAREGELS,
    MAX_RESERVE_TREKKINGEN,
    PERSONEN,
    QUOTA,
    QUOTA_KOP,
    RECORD_FORMAT,
    SEED_BOVENGRENS,
    SOLVER,
    LotingInvoerFout,
    new_seed,
    procent,
)
from open_nijmegen.inwonersberaad.loting.drawing import (
    Trekking,
    quota_fouten,
    trek,
    vervanger_voor,
)
from open_nijmegen.inwonersberaad.loting.input import (
    LotingInput,
    Quotum,
    controleer_haalbaarheid,
    lijkt_persoonsgegeven,
    parse_input,
    parse_quota,
)
from open_nijmegen.inwonersberaad.loting.record import (
    Kansen,
    LotingResult,
    QuotumUitkomst,
    maak_resultaat,
    public_json,
    run_loting,
    versies,
)
from open_nijmegen.inwonersberaad.loting.solving import (
    Verdeling,
    Voortgang,
    bereken_verdeling,
)
from open_nijmegen.inwonersberaad.loting.uniform import (
    DRAW_METHOD_UNIFORM,
    UniformeLoting,
    rond_af,
    trek_uniform,
)
from open_nijmegen.inwonersberaad.loting.verification import (
    Bevinding,
    VerificationReport,
    verify,
)
from open_nijmegen.inwonersberaad.loting.voorbeeld import (
    VOORBEELD_AANMELDINGEN,
    VOORBEELD_KENMERKEN,
    VOORBEELD_QUOTA,
    voorbeeld_pool,
)

__all__ = [
    "ALGORITMES",
    "Bevinding",
    "DRAW_METHOD",
    "DRAW_METHOD_DESCRIPTION",
    "DRAW_METHOD_UNIFORM",
    "KANS_TOLERANTIE",
    "Kansen",
    "LotingInput",
    "LotingInvoerFout",
    "LotingResult",
    "MAX_BESTAND_BYTES",
    "MAX_FOUTEN",
    "MAX_GETAL",
    "MAX_ID_LENGTE",
    "MAX_PERSONEN",
    "MAX_QUOTAREGELS",
    "MAX_RESERVE_TREKKINGEN",
    "PERSONEN",
    "QUOTA",
    "QUOTA_KOP",
    "Quotum",
    "QuotumUitkomst",
    "RECORD_FORMAT",
    "SEED_BOVENGRENS",
    "SOLVER",
    "Trekking",
    "UniformeLoting",
    "VOORBEELD_AANMELDINGEN",
    "VOORBEELD_KENMERKEN",
    "VOORBEELD_QUOTA",
    "Verdeling",
    "VerificationReport",
    "Voortgang",
    "bereken_verdeling",
    "controleer_haalbaarheid",
    "lijkt_persoonsgegeven",
    "maak_resultaat",
    "new_seed",
    "parse_input",
    "parse_quota",
    "procent",
    "public_json",
    "quota_fouten",
    "rond_af",
    "run_loting",
    "trek",
    "trek_uniform",
    "verify",
    "versies",
    "vervanger_voor",
    "voorbeeld_pool",
]
