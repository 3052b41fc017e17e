"""Word knowledge for the B1 checker: syllables, word frequency and the curated word lists.

The dictionaries (pyphen's Dutch hyphenation patterns, wordfreq's Dutch list and the files in
``data/``) are loaded once per process, on first use, behind a lock. Results per word are cached
in bounded LRU caches; ``functools.lru_cache`` is thread-safe.
"""

from __future__ import annotations

import csv
import math
import threading
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pyphen
import wordfreq

from open_nijmegen.taal.sentences import tokenize, word_set

__all__ = [
    "MAX_WORD_LENGTH",
    "Lexicon",
    "OfficialeseEntry",
    "clear_word_caches",
    "base_forms",
    "get_lexicon",
    "is_common",
    "is_known_compound",
    "is_loaded",
    "syllables",
    "zipf",
]

# Longer "words" are not looked up (they are not words, and the look-ups would be slow).
MAX_WORD_LENGTH = 40
# A part of a compound word must be at least this common to count as known.
COMPOUND_PART_ZIPF = 3.5
# Shortest part of a compound word ("wijk", "kast"; "ei" is too short to be a safe split).
COMPOUND_MIN_PART = 3
# Linking sounds between the parts of a Dutch compound (inwoner-s-beraad, bomen-...).
COMPOUND_LINKS = ("", "s", "e", "en")

_PACKAGE = "open_nijmegen.taal"


@dataclass(frozen=True, slots=True)
class OfficialeseEntry:
    """One line of ``ambtelijk.csv``: a term and its plainer alternatives."""

    term: str
    words: tuple[str, ...]
    alternatives: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything the checker loads from disk, loaded once per process."""

    hyphenator: pyphen.Pyphen
    syllable_corrections: Mapping[str, int]
    nijmegen_words: frozenset[str]
    officialese: Mapping[str, tuple[OfficialeseEntry, ...]]
    """Officialese entries by their first word (lower case), longest first."""
    officialese_count: int


def _read_lines(name: str) -> list[str]:
    """Non-empty lines of a data file, without comments."""
    text = resources.files(_PACKAGE).joinpath("data", name).read_text(encoding="utf-8")
    lines = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            lines.append(line)
    return lines


def load_syllable_corrections() -> dict[str, int]:
    """Read ``lettergrepen.txt`` (``word count`` per line)."""
    corrections: dict[str, int] = {}
    for line in _read_lines("lettergrepen.txt"):
        word, count = line.rsplit(maxsplit=1)
        corrections[word.lower()] = int(count)
    return corrections


def load_nijmegen_words() -> frozenset[str]:
    """Read ``nijmegen_woorden.txt`` (one word per line)."""
    return frozenset(line.lower() for line in _read_lines("nijmegen_woorden.txt"))


def load_officialese() -> list[OfficialeseEntry]:
    """Read ``ambtelijk.csv`` (columns ``woord,alternatief``; alternatives split on "/")."""
    text = resources.files(_PACKAGE).joinpath("data", "ambtelijk.csv").read_text(encoding="utf-8")
    entries = []
    for row in csv.DictReader(text.splitlines()):
        term = " ".join(row["woord"].lower().split())
        words = tuple(token.text.lower() for token in tokenize(term))
        alternatives = tuple(alt.strip() for alt in row["alternatief"].split("/") if alt.strip())
        if words and alternatives:
            entries.append(OfficialeseEntry(term, words, alternatives))
    return entries


def _build_lexicon() -> Lexicon:
    by_first: dict[str, list[OfficialeseEntry]] = {}
    entries = load_officialese()
    for entry in entries:
        by_first.setdefault(entry.words[0], []).append(entry)
    officialese = {
        first: tuple(sorted(group, key=lambda e: len(e.words), reverse=True))
        for first, group in by_first.items()
    }
    return Lexicon(
        hyphenator=pyphen.Pyphen(lang="nl_NL"),
        syllable_corrections=load_syllable_corrections(),
        nijmegen_words=load_nijmegen_words(),
        officialese=officialese,
        officialese_count=len(entries),
    )


_lock = threading.Lock()
_lexicon: Lexicon | None = None


def get_lexicon() -> Lexicon:
    """The process-wide lexicon, loaded on first use (thread-safe)."""
    global _lexicon
    lexicon = _lexicon
    if lexicon is None:
        with _lock:
            if _lexicon is None:
                _lexicon = _build_lexicon()
                # Load wordfreq's Dutch list now rather than during the first check.
                _frequencies()
                wordfreq.zipf_frequency("huis", "nl")
            lexicon = _lexicon
    return lexicon


def is_loaded() -> bool:
    """True once the lexicon has been loaded in this process."""
    return _lexicon is not None


# --- Syllables -------------------------------------------------------------------------------

_VOWELS = frozenset("aeiouy")
_DIAERESIS = frozenset("äëïöüÿ")
_TRIGRAPHS = frozenset({"aai", "ooi", "oei", "eeu", "ieu"})
_DIGRAPHS = frozenset(
    {"aa", "ee", "oo", "uu", "ie", "oe", "eu", "ei", "ij", "ui", "ou", "au", "ai", "ay", "ey", "oy"}
)


def _strip_accents(letter: str) -> str:
    """ "é" -> "e"; keeps the diaeresis, which in Dutch starts a new syllable."""
    if letter in _DIAERESIS:
        return letter
    decomposed = unicodedata.normalize("NFD", letter)
    return decomposed[0] if decomposed else letter


def count_vowel_groups(part: str) -> int:
    """Count the vowel sounds in ``part`` using Dutch spelling.

    "aa", "ie", "ij", "ooi" and friends are one sound; other vowels next to each other are two
    ("radio", "situatie"); a vowel with a diaeresis ("ideeën", "ruïne") always starts a new one.
    """
    letters = [_strip_accents(c) for c in unicodedata.normalize("NFC", part.lower())]
    count = 0
    i = 0
    length = len(letters)
    while i < length:
        letter = letters[i]
        if letter in _DIAERESIS:
            count += 1
            i += 1
        elif letter in _VOWELS:
            count += 1
            if "".join(letters[i : i + 3]) in _TRIGRAPHS:
                i += 3
            elif "".join(letters[i : i + 2]) in _DIGRAPHS:
                i += 2
            else:
                i += 1
        else:
            i += 1
    return count


def _syllables_of_part(part: str, lexicon: Lexicon) -> int:
    corrected = lexicon.syllable_corrections.get(part)
    if corrected is not None:
        return corrected
    if len(part) > MAX_WORD_LENGTH:
        return max(1, count_vowel_groups(part))
    pieces = lexicon.hyphenator.inserted(part).split("-")
    return sum(count_vowel_groups(piece) for piece in pieces)


@lru_cache(maxsize=65536)
def syllables(word: str) -> int:
    """Number of syllables of a Dutch word (at least 1).

    Corrections from ``lettergrepen.txt`` win; otherwise pyphen splits the word and each part
    counts its vowel groups, which fixes words pyphen does not split ("idee", "radio", "avond").
    Hyphenated words ("e-mail", "Nijmegen-Oost") are the sum of their parts.
    """
    lexicon = get_lexicon()
    lowered = word.lower().replace("’", "'")
    corrected = lexicon.syllable_corrections.get(lowered)
    if corrected is not None:
        return corrected
    parts = [p for p in lowered.replace("'", "-").split("-") if p]
    return max(1, sum(_syllables_of_part(part, lexicon) for part in parts))


# --- Word frequency --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _frequencies() -> Mapping[str, float]:
    """wordfreq's Dutch word list (word -> frequency), loaded once."""
    return wordfreq.get_frequency_dict("nl")


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """``wordfreq.zipf_frequency(word, "nl")``: 0.0 for an unknown word, about 7 for "de".

    A plain word of letters is looked up directly in wordfreq's list, which gives the same
    figure 20 times faster; anything else (an apostrophe, a hyphen) goes through wordfreq.
    """
    if len(word) > MAX_WORD_LENGTH:
        return 0.0
    if word.isalpha():
        frequency = _frequencies().get(unicodedata.normalize("NFC", word).casefold(), 0.0)
        return round(math.log10(frequency) + 9, 2) if frequency > 0 else 0.0
    return float(wordfreq.zipf_frequency(word, "nl"))


# Closed-class words: never accepted as a part of a compound ("het" + "geen").
_NOT_A_PART = word_set(
    """
    het een die dat deze dit wat wie hoe als maar men zij wij jij hij zou dan
    """
)


def _is_known_part(part: str, lexicon: Lexicon) -> bool:
    if part in _NOT_A_PART:
        return False
    return part in lexicon.nijmegen_words or zipf(part) >= COMPOUND_PART_ZIPF


def _infinitives(stem: str) -> tuple[str, ...]:
    """Possible infinitives of a verb stem used as the first part of a compound.

    "parkeer" -> "parkeren", "ophaal" -> "ophalen", "zwem" -> "zwemmen", "verhuis" ->
    "verhuizen". Wrong guesses are harmless: they are simply not in the word list.
    """
    forms = [stem + "en"]
    if len(stem) >= 3 and stem[-1] not in "aeiou":
        body, last = stem[:-1], stem[-1]
        if len(body) >= 2 and body[-1] == body[-2] and body[-1] in "aeou":
            forms.append(body[:-1] + last + "en")  # parkeer -> parkeren
        else:
            forms.append(stem + last + "en")  # zwem -> zwemmen
        if last == "s":
            forms.append(body + "zen")  # verhuis -> verhuizen
        elif last == "f":
            forms.append(body + "ven")  # schrijf -> schrijven
    return tuple(forms)


def _is_known_head(head: str, lexicon: Lexicon) -> bool:
    """A first part is known as a word, or as the stem of a common verb ("parkeer")."""
    if _is_known_part(head, lexicon):
        return True
    return len(head) >= 3 and any(zipf(form) >= COMPOUND_PART_ZIPF for form in _infinitives(head))


@lru_cache(maxsize=65536)
def is_known_compound(word: str, depth: int = 2) -> bool:
    """True when ``word`` (lower case) splits into two known parts.

    A part is known when it is common (Zipf >= 3.5) or a Nijmegen word. With ``depth`` 2 one of
    the two parts may itself be such a compound ("parkeer" + "vergunning" + "aanvraag"). A
    linking "s", "e" or "en" between the parts is allowed ("inwoner-s-beraad"). The work per
    word grows about linearly with its length: a part is only split further when the other
    part is known.
    """
    n = len(word)
    if depth < 1 or n > MAX_WORD_LENGTH or n < 2 * COMPOUND_MIN_PART:
        return False
    lexicon = get_lexicon()
    for cut in range(COMPOUND_MIN_PART, n - COMPOUND_MIN_PART + 1):
        head = word[:cut]
        head_known = _is_known_head(head, lexicon)
        for link in COMPOUND_LINKS:
            if link and not word.startswith(link, cut):
                continue
            tail = word[cut + len(link) :]
            if len(tail) < COMPOUND_MIN_PART:
                continue
            tail_known = _is_known_part(tail, lexicon)
            if head_known and tail_known:
                return True
            if depth > 1 and (
                (head_known and is_known_compound(tail, depth - 1))
                or (tail_known and is_known_compound(head, depth - 1))
            ):
                return True
    return False


_DIMINUTIVES = ("etjes", "etje", "tjes", "tje", "pjes", "pje", "jes", "je")


def base_forms(word: str) -> tuple[str, ...]:
    """Guesses at the base form of an inflected Dutch word (lower case).

    "bankjes" -> "bankje", "bank"; "bomen" -> "boom"; "aangevoerde" -> "aangevoerd";
    "stalt" -> "stal"; "groener" -> "groen". Wrong guesses are harmless: they are simply not in the word list.
    """
    forms: list[str] = []
    for suffix in _DIMINUTIVES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            forms.append(word[: -len(suffix)])
            break
    if word.endswith("en") and len(word) >= 6:
        stem = word[:-2]
        forms.append(stem)
        if stem[-1] == stem[-2] and stem[-1] not in "aeiou":
            forms.append(stem[:-1])  # bakken -> bak
        elif stem[-2] in "aeou" and stem[-3] not in "aeiou":
            forms.append(stem[:-1] + stem[-2] + stem[-1])  # bomen -> boom
        if stem[-1] == "z":
            forms.append(stem[:-1] + "s")  # huizen -> huis
        elif stem[-1] == "v":
            forms.append(stem[:-1] + "f")  # brieven -> brief
    if word.endswith("er") and len(word) >= 6:
        forms.append(word[:-2])  # groener -> groen, gezelliger -> gezellig
    for suffix in ("s", "e", "t", "n"):
        if word.endswith(suffix) and len(word) >= 5:
            forms.append(word[:-1])
    return tuple(dict.fromkeys(f for f in forms if len(f) >= 3))


@lru_cache(maxsize=65536)
def is_common(word: str, rare_zipf: float) -> bool:
    """True when ``word`` (lower case), its base form or its parts are common enough.

    Common means: a Nijmegen word, a Zipf frequency of at least ``rare_zipf``, or a compound
    of two known parts (see ``is_known_compound``).
    """
    if len(word) > MAX_WORD_LENGTH:
        return False
    lexicon = get_lexicon()
    for form in (word, *base_forms(word)):
        if form in lexicon.nijmegen_words or zipf(form) >= rare_zipf or is_known_compound(form):
            return True
    return False


def clear_word_caches() -> None:
    """Forget the per-word results (the dictionaries stay loaded). Used by the benchmark."""
    syllables.cache_clear()
    zipf.cache_clear()
    is_known_compound.cache_clear()
    is_common.cache_clear()
