"""Reading and checking a resident's answers from a posted form.

The answering pages are plain HTML forms (no JavaScript): one page per section, and every
answer given on another page travels along as a hidden field, so nothing is lost between
pages or on an error. Field names: ``v<question id>`` (for a ranking ``v<question>-<option>``
with the place as value), ``achtergrond-wijk`` and ``achtergrond-leeftijd`` for weighting.

Anything that is not an answer to this peiling (a forged question or option id, a value out of
range, too many values, too long a text) gives a B1 message, never an exception.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from open_nijmegen.core.forms import parse_id
from open_nijmegen.peilingen.models import GETAL_GRENS, MAX_OPEN, MAX_OPTIES, Soort, Vraag

_FIELD = re.compile(r"v([0-9]{1,19})(?:-([0-9]{1,19}))?")
_GETAL = re.compile(r"-?[0-9]{1,12}")
MAX_KEPT = MAX_OPEN * 3  # an oversized text is kept (to fix it) up to this many characters
WIJK_VELD = "achtergrond-wijk"
LEEFTIJD_VELD = "achtergrond-leeftijd"


def veld_id(vraag: Vraag) -> str:
    return f"vraag-{vraag.id}"


@dataclass
class Antwoorden:
    ruw: dict[int, Any] = field(default_factory=dict)  # as typed, to show again
    gesloten: dict[str, Any] = field(default_factory=dict)  # checked, as stored (JSON)
    open: dict[int, str] = field(default_factory=dict)  # checked open answers
    wijk: str | None = None
    leeftijd: str | None = None
    fouten: list[tuple[str | None, str]] = field(default_factory=list)
    zichtbaar: set[int] = field(default_factory=set)

    def fout_voor(self, vraag: Vraag) -> str | None:
        wanted = veld_id(vraag)
        return next((m for f, m in self.fouten if f == wanted), None)


def uit_inzending(vragen: Iterable[Vraag], inzending: Any) -> Antwoorden:
    """Stored answers as form values (to change them, or go on after "save for later")."""
    out = Antwoorden()
    if inzending is None:
        return out
    stored = inzending.antwoorden or {}
    open_by_id = {o.vraag_id: o.tekst for o in inzending.open_antwoorden}
    for vraag in vragen:
        value = stored.get(str(vraag.id))
        if vraag.soort == Soort.OPEN:
            if vraag.id in open_by_id:
                out.ruw[vraag.id] = open_by_id[vraag.id]
        elif value is None:
            continue
        elif vraag.soort == Soort.MEER:
            out.ruw[vraag.id] = [str(v) for v in value]
        elif vraag.soort == Soort.RANGORDE:
            out.ruw[vraag.id] = {int(oid): str(place) for place, oid in enumerate(value, 1)}
        else:
            out.ruw[vraag.id] = str(value)
    out.wijk, out.leeftijd = inzending.wijk, inzending.leeftijd
    return out


def lees(
    vragen: list[Vraag],
    form: Any,
    *,
    controleer: set[int] | None = None,
    verplicht: bool = True,
    wijken: list[str] | None = None,
    leeftijden: list[str] | None = None,
) -> Antwoorden:
    """Read every answer of ``vragen`` (in order) from ``form`` (a MultiDict). Checks the
    questions in ``controleer`` (None: all); ``verplicht`` False skips the required check
    (saving for later). Hidden questions (skip rule) are not checked and not kept."""
    out = Antwoorden()
    by_id = {v.id: v for v in vragen}
    forged = False
    for key in form:
        match = _FIELD.fullmatch(key)
        if match is None:
            continue
        vraag = by_id.get(int(match.group(1)))
        if vraag is None:
            forged = True
            continue
        if match.group(2) is not None:
            if vraag.soort != Soort.RANGORDE or vraag.optie(int(match.group(2))) is None:
                forged = True
        elif vraag.soort == Soort.RANGORDE:
            forged = True
        if len(form.getlist(key)) > MAX_OPTIES:
            forged = True
    if forged:
        out.fouten.append(
            (
                None,
                _(
                    "Een van de antwoorden hoort niet bij deze peiling. Kijk uw antwoorden na "
                    "en verstuur ze opnieuw."
                ),
            )
        )
    for vraag in vragen:
        out.ruw[vraag.id] = _raw(vraag, form)
    for vraag in vragen:
        if not _shown(vraag, out):
            continue
        out.zichtbaar.add(vraag.id)
        message = _check(vraag, out.ruw[vraag.id], out, verplicht)
        if message and (controleer is None or vraag.id in controleer):
            out.fouten.append((veld_id(vraag), message))
    out.wijk = _background(form, WIJK_VELD, wijken)
    out.leeftijd = _background(form, LEEFTIJD_VELD, leeftijden)
    if wijken is not None and (form.get(WIJK_VELD) or "") and out.wijk is None:
        out.fouten.append((WIJK_VELD, _("Kies een wijk uit de lijst.")))
    if leeftijden is not None and (form.get(LEEFTIJD_VELD) or "") and out.leeftijd is None:
        out.fouten.append((LEEFTIJD_VELD, _("Kies een leeftijd uit de lijst.")))
    return out


def _background(form: Any, name: str, allowed: list[str] | None) -> str | None:
    value = str(form.get(name) or "")[:100]
    return value if allowed is not None and value in allowed else None


def _raw(vraag: Vraag, form: Any) -> Any:
    key = f"v{vraag.id}"
    if vraag.soort == Soort.MEER:
        return [str(v)[:30] for v in form.getlist(key)[:MAX_OPTIES]]
    if vraag.soort == Soort.RANGORDE:
        return {o.id: str(form.get(f"{key}-{o.id}") or "")[:30] for o in vraag.opties}
    value = str(form.get(key) or "")
    if vraag.soort == Soort.OPEN:
        return value.replace("\x00", "").strip()[:MAX_KEPT]
    return value.strip()[:30]


def _shown(vraag: Vraag, out: Antwoorden) -> bool:
    if vraag.toon_als_vraag_id is None:
        return True
    given = out.gesloten.get(str(vraag.toon_als_vraag_id))
    if isinstance(given, list):
        return vraag.toon_als_optie_id in given
    return given is not None and given == vraag.toon_als_optie_id


def _option(vraag: Vraag, raw: str) -> int | None:
    optie_id = parse_id(raw)
    return optie_id if optie_id is not None and vraag.optie(optie_id) is not None else None


def _check(vraag: Vraag, raw: Any, out: Antwoorden, verplicht: bool) -> str | None:
    """Store the checked value in ``out`` and return the B1 message of a problem, if any."""
    missing = _("Beantwoord deze vraag. Dat is verplicht.")
    pick = _("Kies een van de antwoorden die er staan.")
    key = str(vraag.id)
    if vraag.soort == Soort.ENKEL:
        if not raw:
            return missing if verplicht and vraag.verplicht else None
        optie_id = _option(vraag, raw)
        if optie_id is None:
            return pick
        out.gesloten[key] = optie_id
    elif vraag.soort == Soort.MEER:
        values = [v for v in raw if v]
        if not values:
            return missing if verplicht and vraag.verplicht else None
        ids = [_option(vraag, v) for v in values]
        if any(i is None for i in ids):
            return pick
        chosen = sorted({i for i in ids if i is not None})
        if vraag.max_keuzes and len(chosen) > vraag.max_keuzes:
            return _(
                "U koos %(n)s antwoorden. U mag er %(max)s kiezen. Haal er een of meer weg.",
                n=len(chosen),
                max=vraag.max_keuzes,
            )
        out.gesloten[key] = chosen
    elif vraag.soort == Soort.SCHAAL:
        if not raw:
            return missing if verplicht and vraag.verplicht else None
        top = vraag.schaal_max or 5
        if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= top):
            return _("Kies een cijfer van 1 tot en met %(max)s.", max=top)
        out.gesloten[key] = int(raw)
    elif vraag.soort == Soort.RANGORDE:
        places = {oid: v for oid, v in raw.items() if v}
        if not places:
            return missing if verplicht and vraag.verplicht else None
        n = len(vraag.opties)
        message = _("Geef elk antwoord een eigen plaats, van 1 tot en met %(n)s.", n=n)
        if len(places) != n:
            return message
        numbers = {}
        for oid, value in places.items():
            if not (value.isascii() and value.isdigit() and 1 <= int(value) <= n):
                return message
            numbers[oid] = int(value)
        if len(set(numbers.values())) != n:
            return message
        out.gesloten[key] = [oid for oid, _p in sorted(numbers.items(), key=lambda kv: kv[1])]
    elif vraag.soort == Soort.OPEN:
        if not raw:
            return missing if verplicht and vraag.verplicht else None
        if len(raw) > MAX_OPEN:
            return _(
                "Uw antwoord is te lang. Gebruik niet meer dan %(max)s tekens. "
                "Nu zijn het er %(n)s.",
                max=MAX_OPEN,
                n=len(raw),
            )
        out.open[vraag.id] = raw
    elif vraag.soort == Soort.GETAL:
        if not raw:
            return missing if verplicht and vraag.verplicht else None
        text = raw.replace(" ", "")
        if _GETAL.fullmatch(text) is None:
            return _("Vul een heel getal in, zonder punt of komma.")
        value = int(text)
        low = vraag.getal_min if vraag.getal_min is not None else -GETAL_GRENS
        high = vraag.getal_max if vraag.getal_max is not None else GETAL_GRENS
        if not low <= value <= high:
            return _("Vul een getal in van %(min)s tot en met %(max)s.", min=low, max=high)
        out.gesloten[key] = value
    return None
