"""``verify``: check a published record against the two input files, without the solver."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from open_nijmegen.inwonersberaad.loting.common import (
    DRAW_METHOD,
    KANS_TOLERANTIE,
    RECORD_FORMAT,
    LotingInvoerFout,
    _,
    _nederlands,
    procent,
)
from open_nijmegen.inwonersberaad.loting.drawing import quota_fouten, trek
from open_nijmegen.inwonersberaad.loting.input import parse_input
from open_nijmegen.inwonersberaad.loting.record import _quota_als_dicts, versies
from open_nijmegen.inwonersberaad.loting.solving import Verdeling
from open_nijmegen.inwonersberaad.loting.uniform import (
    DRAW_METHOD_UNIFORM,
    MAX_M,
    MIN_M,
    ROUNDING,
    ROUNDING_MET_RUIL,
    UniformeLoting,
    afwijking,
    trek_uniform,
)


@dataclass(frozen=True)
class Bevinding:
    """One finding of ``verify``: ``ok`` False means a problem."""

    ok: bool
    tekst: str


@dataclass
class VerificationReport:
    """Result of ``verify``: ``ok`` is True only when every check passed."""

    bevindingen: list[Bevinding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.bevindingen) and all(b.ok for b in self.bevindingen)

    @property
    def fouten(self) -> list[str]:
        return [b.tekst for b in self.bevindingen if not b.ok]

    @property
    def findings(self) -> list[str]:
        return [b.tekst for b in self.bevindingen]


# --- verification --------------------------------------------------------------------------------


def verify(
    people_csv: str | bytes, quotas_csv: str | bytes, record: Mapping[str, Any]
) -> VerificationReport:
    """Check a published record against the two input files.

    Does NOT re-run the solver: the solver is not deterministic, so a re-run may give another
    (equally fair) distribution. Instead it checks that the recorded distribution is sound
    (every panel meets the quotas, probabilities add up to 1) and repeats the seeded draw from it.
    Returns B1 Dutch findings; ``ok`` is True only when all checks pass.
    """
    rapport = VerificationReport()

    def goed(tekst: str) -> None:
        rapport.bevindingen.append(Bevinding(True, tekst))

    def fout(tekst: str) -> None:
        rapport.bevindingen.append(Bevinding(False, tekst))

    try:
        _verifieer(people_csv, quotas_csv, record, goed, fout)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        fout(
            _(
                "Het verslag is niet compleet of niet goed leesbaar. "
                "Er ontbreekt iets of er staat iets verkeerds in."
            )
        )
    return rapport


def _zes_decimalen(getal: float) -> str:
    tekst = f"{getal:.6f}"
    return tekst.replace(".", ",") if _nederlands() else tekst


def _verifieer(
    people_csv: str | bytes,
    quotas_csv: str | bytes,
    record: Mapping[str, Any],
    goed: Callable[[str], None],
    fout: Callable[[str], None],
) -> None:
    if record.get("format") != RECORD_FORMAT:
        fout(
            _("Dit verslag heeft een onbekende vorm. We verwachten '%(vorm)s'.", vorm=RECORD_FORMAT)
        )
        return
    uniform_stap = record["draw_method"]["id"] == DRAW_METHOD_UNIFORM
    if record["draw_method"]["id"] != DRAW_METHOD and not uniform_stap:
        fout(_("Het verslag gebruikt een andere manier van trekken. Die kunnen we niet herhalen."))
        return
    try:
        invoer = parse_input(people_csv, quotas_csv, id_column=str(record["input"]["id_column"]))
    except LotingInvoerFout as e:
        fout(_("De bestanden zijn niet goed: %(fouten)s", fouten=" ".join(e.errors)))
        return

    if invoer.personen_sha256 == record["input"]["people_sha256"]:
        goed(_("De SHA-256 van het bestand met aanmeldingen klopt."))
    else:
        fout(_("De SHA-256 van het bestand met aanmeldingen klopt niet. Dit is een ander bestand."))
    if invoer.quota_sha256 == record["input"]["quotas_sha256"]:
        goed(_("De SHA-256 van het quotabestand klopt."))
    else:
        fout(_("De SHA-256 van het quotabestand klopt niet. Dit is een ander bestand."))
    if _quota_als_dicts(invoer.quota) == record["quotas"]:
        goed(_("De quota in het verslag zijn gelijk aan het quotabestand."))
    else:
        fout(_("De quota in het verslag zijn anders dan in het quotabestand."))

    panelgrootte = record["panel_size"]
    if not isinstance(panelgrootte, int) or panelgrootte < 1:
        fout(_("De panelgrootte in het verslag is geen goed getal."))
        return
    verdeling = Verdeling.maak(
        str(record["algorithm"]["name"]),
        [list(d["panel"]) for d in record["distribution"]],
        [d["probability"] for d in record["distribution"]],
    )
    if not verdeling.panels:
        fout(_("Het verslag heeft geen verdeling met panels."))
        return

    # Numbered in the record's own order, so a reader can find the panel.
    vastgelegde_panels = [list(d["panel"]) for d in record["distribution"]]
    slecht = 0
    for nummer, panel in enumerate(vastgelegde_panels, start=1):
        onbekend = [pid for pid in panel if pid not in invoer.personen]
        problemen: list[str] = []
        if onbekend:
            problemen.append(
                _("de id '%(id)s' staat niet in het bestand met aanmeldingen.", id=onbekend[0])
            )
        elif len(set(panel)) != len(panel):
            problemen.append(_("er staat iemand twee keer in."))
        elif len(panel) != panelgrootte:
            problemen.append(
                _("het heeft %(n)s leden in plaats van %(k)s.", n=len(panel), k=panelgrootte)
            )
        else:
            problemen += quota_fouten(panel, invoer)
        if problemen:
            slecht += 1
            if slecht <= 5:
                fout(
                    _(
                        "Panel %(nummer)s in de verdeling is niet goed: %(probleem)s",
                        nummer=nummer,
                        probleem=problemen[0],
                    )
                )
    if slecht:
        fout(
            _(
                "%(slecht)s van de %(totaal)s panels in de verdeling zijn niet goed.",
                slecht=slecht,
                totaal=len(vastgelegde_panels),
            )
        )
    else:
        goed(
            _(
                "Alle %(totaal)s panels in de verdeling halen de quota.",
                totaal=len(vastgelegde_panels),
            )
        )

    kansen = [d["probability"] for d in record["distribution"]]
    som = math.fsum(verdeling.kansen)
    if any(k < 0 or k > 1 + KANS_TOLERANTIE for k in kansen):
        fout(_("Er staat een kans in de verdeling die kleiner is dan 0 of groter dan 1."))
    elif abs(som - 1) > KANS_TOLERANTIE:
        fout(
            _(
                "De kansen in de verdeling tellen op tot %(som)s. Dat moet 1 zijn.",
                som=_zes_decimalen(som),
            )
        )
    else:
        goed(_("De kansen in de verdeling tellen op tot 1."))

    seed = record["seed"]
    if not isinstance(seed, int) or isinstance(seed, bool) or seed <= 0:
        fout(_("De seed in het verslag is geen heel getal groter dan 0."))
        return
    reserves_gevraagd = record["reserves_requested"]
    if not isinstance(reserves_gevraagd, int) or reserves_gevraagd < 0:
        fout(_("Het aantal reserves in het verslag is geen goed getal."))
        return
    uniform: UniformeLoting | None = None
    if uniform_stap:
        uniform = _controleer_uniform(record, verdeling, invoer, panelgrootte, goed, fout)
        if uniform is None:
            return
        trekking = trek_uniform(uniform, seed, reserves_gevraagd)
        if trekking.panel_index + 1 == record["uniform"]["panel_number"]:
            goed(
                _(
                    "Seed %(seed)s gedeeld door %(m)s laat %(rest)s over. "
                    "Dus is panel %(panel)s gekozen, net als in het verslag.",
                    seed=seed,
                    m=uniform.m,
                    rest=trekking.panel_index,
                    panel=trekking.panel_index + 1,
                )
            )
        else:
            fout(
                _(
                    "Met seed %(seed)s is panel %(panel)s gekozen, niet het panel in het verslag.",
                    seed=seed,
                    panel=trekking.panel_index + 1,
                )
            )
    else:
        trekking = trek(verdeling, seed, reserves_gevraagd)
    if list(trekking.panel) == sorted(record["panel"]):
        goed(
            _("De trekking met seed %(seed)s geeft hetzelfde panel als in het verslag.", seed=seed)
        )
    else:
        fout(
            _(
                "De trekking met seed %(seed)s geeft een ander panel dan in het verslag staat.",
                seed=seed,
            )
        )
    if list(trekking.reserves) == list(record["reserves"]):
        goed(
            _(
                "De trekking met seed %(seed)s geeft dezelfde reserves in dezelfde volgorde.",
                seed=seed,
            )
        )
    else:
        fout(
            _(
                "De trekking met seed %(seed)s geeft andere reserves dan in het verslag staan.",
                seed=seed,
            )
        )

    if uniform is None:
        per_persoon = verdeling.kans_per_persoon(list(invoer.personen))
    else:
        per_persoon = uniform.kans_per_persoon(list(invoer.personen))
    vastgelegd = record["probabilities"]
    if (
        abs(min(per_persoon.values()) - vastgelegd["min"]) <= KANS_TOLERANTIE
        and abs(max(per_persoon.values()) - vastgelegd["max"]) <= KANS_TOLERANTIE
    ):
        goed(
            _(
                "De kleinste kans (%(min)s) en de grootste kans (%(max)s) kloppen met de "
                "verdeling.",
                min=procent(min(per_persoon.values())),
                max=procent(max(per_persoon.values())),
            )
        )
    else:
        fout(_("De kleinste of grootste kans in het verslag klopt niet met de verdeling."))

    eigen = versies()["python"]
    vastgelegde_python = record.get("versions", {}).get("python", _("onbekend"))
    if eigen != vastgelegde_python:
        goed(
            _(
                "Let op: de loting draaide op Python %(oud)s, deze controle op %(nu)s. "
                "Dat maakt voor de trekking niet uit.",
                oud=vastgelegde_python,
                nu=eigen,
            )
        )


def _controleer_uniform(
    record: Mapping[str, Any],
    verdeling: Verdeling,
    invoer: Any,
    panelgrootte: int,
    goed: Callable[[str], None],
    fout: Callable[[str], None],
) -> UniformeLoting | None:
    """The uniform final step: M panels, each from the distribution and meeting the quotas,
    whose chances are as close to the distribution's as the record says."""
    deel = record["uniform"]
    m = deel["m"]
    if not isinstance(m, int) or isinstance(m, bool) or not MIN_M <= m <= MAX_M:
        fout(_("Het aantal panels M in het verslag is geen goed getal."))
        return None
    panels = [tuple(sorted(str(pid) for pid in p)) for p in deel["panels"]]
    if len(panels) != m:
        fout(
            _(
                "Het verslag noemt M = %(m)s, maar er staan %(n)s panels in de lijst.",
                m=m,
                n=len(panels),
            )
        )
        return None
    # Rounding v1 takes copies of the distribution's panels only; v2 may swap in other panels
    # that meet the quotas (``uniform.rond_af``, step 3).
    if deel.get("rounding", ROUNDING) not in (ROUNDING, ROUNDING_MET_RUIL):
        fout(_("Het verslag noemt een manier van afronden die we niet kennen."))
        return None
    uit_verdeling = deel.get("rounding", ROUNDING) == ROUNDING
    bekend = set(verdeling.panels)
    slecht = 0
    for nummer, panel in enumerate(panels, start=1):
        if uit_verdeling and panel not in bekend:
            probleem = _("het staat niet in de verdeling.")
        elif any(pid not in invoer.personen for pid in panel):
            probleem = _("er staat iemand in die niet in het bestand met aanmeldingen staat.")
        elif len(set(panel)) != len(panel) or len(panel) != panelgrootte:
            probleem = _("het heeft niet %(k)s verschillende leden.", k=panelgrootte)
        else:
            problemen = quota_fouten(panel, invoer)
            probleem = problemen[0] if problemen else ""
        if probleem:
            slecht += 1
            if slecht <= 5:
                fout(
                    _(
                        "Panel %(nummer)s van de %(m)s gelijke panels is niet goed: %(probleem)s",
                        nummer=nummer,
                        m=m,
                        probleem=probleem,
                    )
                )
    if slecht:
        fout(_("%(slecht)s van de %(m)s gelijke panels zijn niet goed.", slecht=slecht, m=m))
        return None
    if uit_verdeling:
        goed(_("Alle %(m)s panels met gelijke kans komen uit de verdeling en halen de quota.", m=m))
    else:
        goed(_("Alle %(m)s panels met gelijke kans halen de quota.", m=m))
    if panels != sorted(panels):
        fout(_("De %(m)s panels staan niet in de vaste volgorde (gesorteerd).", m=m))
        return None
    echt = afwijking(verdeling, panels, m)
    vastgelegd = deel["max_deviation"]
    if isinstance(vastgelegd, int | float) and abs(echt - vastgelegd) <= KANS_TOLERANTIE:
        goed(
            _(
                "Met %(m)s panels wijkt de kans van een persoon hoogstens %(afwijking)s af van de "
                "verdeling. Dat staat ook in het verslag (1/M is %(een_m)s).",
                m=m,
                afwijking=procent(echt),
                een_m=procent(1 / m),
            )
        )
    else:
        fout(_("Het verslag noemt een andere afwijking van de kansen dan de panels geven."))
        return None
    return UniformeLoting(m=m, panels=tuple(panels), max_afwijking=echt)
