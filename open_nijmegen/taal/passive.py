"""A heuristic for Dutch passive sentences ("lijdende vorm").

It finds three patterns inside one sentence:

1. a form of *worden* with a past participle: "wordt opgehaald", "kan worden aangevraagd",
   "dat de bak geleegd wordt";
2. *zijn* + participle + *geworden*: "is goedgekeurd geworden";
3. *zijn* + *door* + participle: "is door de raad goedgekeurd".

A past participle is recognised by its form (ge-...-d/t/en, be-/ver-/ont-/her-...-d/t/en, with
an optional particle such as "op" or "aan" in front). Lists of exceptions keep out look-alikes
("gemeente", "bedrijven") and verbs whose perfect tense uses *zijn* ("is door de stad gelopen").
It is a hint for the writer, so it prefers missing a passive over a false alarm.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from open_nijmegen.taal.sentences import Sentence, TokenKind, word_set

__all__ = ["PassiveMatch", "find_passives"]

_WORDEN = frozenset({"word", "wordt", "worden", "werd", "werden"})
_ZIJN = frozenset({"ben", "bent", "is", "zijn", "was", "waren"})


# Words that end the clause: a participle after them belongs to another clause.
_CLAUSE_BREAKS = frozenset(
    {"maar", "want", "omdat", "terwijl", "dus", "zodat", "nadat", "voordat", "toen", "waardoor"}
)
_WINDOW_AFTER = 12
_WINDOW_BEFORE = 3

_PARTICLES = (
    "aan|af|bekend|bij|binnen|dicht|door|goed|in|kapot|los|mee|na|neer|om|onder|op|open|over"
    "|rond|samen|schoon|stop|tegen|terug|thuis|toe|uit|vast|vol|voor|vrij|weg"
)
_PARTICIPLE_RE = re.compile(
    rf"(?:{_PARTICLES})?(?:ge[^\W\d_]{{2,}}(?:d|t|en|aan)|(?:be|ver|ont|her)[^\W\d_]{{2,}}(?:d|t|en))"
    r"|erkend|ervaren",
)
# Words that look like a participle but are (almost always) something else.
_NOT_PARTICIPLES = word_set(
    """
    gebied gebieden gebouwen gedachten geluiden gemeente gemeenten gemiddeld gesprekken gevolgen
    gewicht gezicht gezin gezinnen gezond geven gelden gebeuren gebruiken genieten geloven
    gewoonten gelegenheden gerechten gevangenen
    bericht berichten bedrijven bestand beleid bekend belangrijkst benauwd bewolkt bezoeken
    bewijzen bedragen begrippen beroepen besturen bestuurt betekent betaalt
    verband verstand verkeerd verleden verschillend verschillen verhalen verzoeken verhuizen
    verbeteren verandert verbetert vertelt verwachten verdient verdienen vervoert
    onderwerpen ontwerpen ontwikkelt
    """
)
# Participles of verbs whose perfect tense takes "zijn": "is door de stad gelopen" is active.
_ZIJN_VERBS = word_set(
    """
    gegaan gekomen gelopen gefietst gereden gevaren gevlogen gezwommen gewandeld vertrokken
    gebleven geworden gebeurd veranderd verhuisd ontstaan gevallen gestorven overleden
    aangekomen teruggekomen binnengekomen meegegaan weggegaan opgegroeid begonnen gestopt
    gestegen gedaald gegroeid verdwenen geslaagd gelukt geraakt gevlucht gerend gesprongen
    getrokken thuisgekomen doorgegaan
    """
)


@dataclass(frozen=True, slots=True)
class PassiveMatch:
    """A passive construction: the span from its first to its last word."""

    start: int
    end: int
    auxiliary: str
    participle: str


def is_participle(word: str) -> bool:
    """True when ``word`` (lower case) looks like a Dutch past participle."""
    return word not in _NOT_PARTICIPLES and _PARTICIPLE_RE.fullmatch(word) is not None


def find_passives(sentence: Sentence) -> list[PassiveMatch]:
    """Find the passive constructions in one sentence."""
    tokens = sentence.tokens
    # Names (a capital in the middle of the sentence) never count as a verb form.
    words = [
        t.text.lower() if t.kind is TokenKind.WORD and (i == 0 or not t.text[:1].isupper()) else ""
        for i, t in enumerate(tokens)
    ]
    matches: list[PassiveMatch] = []
    used: set[int] = set()

    def participle_at(index: int) -> bool:
        # An infinitive after "te" ("om de wijk te verbeteren") is not a participle.
        return (
            index not in used
            and is_participle(words[index])
            and not (index > 0 and words[index - 1] == "te")
        )

    def add(first: int, last: int, auxiliary: int, participle: int) -> None:
        used.update((auxiliary, participle))
        matches.append(
            PassiveMatch(
                tokens[first].start,
                tokens[last].end,
                tokens[auxiliary].text,
                tokens[participle].text,
            )
        )

    for i, word in enumerate(words):
        if word in _WORDEN and i not in used:
            # Main clause: "wordt ... opgehaald".
            found = None
            for j in range(i + 1, min(len(words), i + 1 + _WINDOW_AFTER)):
                if words[j] in _CLAUSE_BREAKS or words[j] in _WORDEN:
                    break
                if participle_at(j):
                    found = j
                    break
            if found is not None:
                add(i, found, i, found)
                continue
            # Subordinate clause: "dat de bak geleegd wordt", "opgehaald zal worden".
            for j in range(i - 1, max(-1, i - 1 - _WINDOW_BEFORE), -1):
                if participle_at(j):
                    add(j, i, i, j)
                    break
        elif word == "geworden" and i not in used:
            # "is goedgekeurd geworden": a participle just before, a form of "zijn" earlier.
            for j in range(i - 1, max(-1, i - 1 - _WINDOW_BEFORE), -1):
                if participle_at(j) and words[j] not in _ZIJN_VERBS:
                    aux = next((k for k in range(j - 1, -1, -1) if words[k] in _ZIJN), None)
                    if aux is not None:
                        add(aux, i, aux, j)
                    break

    # "is door de raad goedgekeurd", "dat het plan door de raad is goedgekeurd".
    for d, word in enumerate(words):
        if word != "door" or (d + 1 < len(words) and words[d + 1] == "te"):
            continue
        low = max(0, d - _WINDOW_AFTER)
        high = min(len(words), d + 1 + _WINDOW_AFTER)
        aux = next((k for k in range(d - 1, low - 1, -1) if words[k] in _ZIJN), None)
        if aux is None:
            aux = next((k for k in range(d + 1, high) if words[k] in _ZIJN), None)
        if aux is None:
            continue
        for j in range(d + 1, high):
            if words[j] in _CLAUSE_BREAKS or j in used:
                break
            if participle_at(j):
                if words[j] not in _ZIJN_VERBS:
                    add(min(aux, d), max(aux, j), aux, j)
                break
    matches.sort(key=lambda m: m.start)
    return matches
