"""The B1 language checker: pure functions, no Flask.

``check_text(text)`` returns a frozen ``Report`` with the Flesch-Douma score, long sentences,
uncommon words, officialese ("ambtelijke taal") with a plainer alternative, passive sentences
and an overall verdict. The verdict is a hint for the writer, never a reason to refuse a text.

All positions (``start``/``end``) are indices into the original ``text`` in Python code points
(not UTF-16 units as in JavaScript). All user-facing strings (B1 Dutch, addressing the writer as
"u") are in the "Messages" section below, so they can be wrapped in gettext later.

How the thresholds were chosen is described in ``README.md`` in this package.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from open_nijmegen.taal import lexicon
from open_nijmegen.taal.passive import find_passives
from open_nijmegen.taal.sentences import Sentence, Token, TokenKind, split_sentences

__all__ = [
    "DifficultWord",
    "LongSentence",
    "Officialese",
    "PassiveHint",
    "Report",
    "Verdict",
    "check_text",
    "flesch_douma",
]

# --- Thresholds (calibrated on tests/taal/teksten, see README.md) ----------------------------

MAX_SENTENCE_WORDS = 15
"""A sentence with more words than this is reported as long."""
RARE_ZIPF = 3.0
"""A word with a lower wordfreq Zipf frequency is reported as uncommon."""
MIN_WORD_LENGTH = 4
"""Shorter words are never reported as uncommon."""
NUMBER_SYLLABLES = 2
"""Syllables counted for a number or a link (an average for numbers read aloud)."""

# A text is B1 when it meets every B1_ limit; it is too hard when it crosses any HARD_ limit;
# otherwise it is almost B1 (BIJNA).
B1_MIN_SCORE = 60.0
"""Flesch-Douma score of a B1 text at least ("60-70 is normal")."""
B1_MAX_AVERAGE_SENTENCE = 12.0
"""Average sentence length (words) of a B1 text at most (the B1 advice is about 10)."""
B1_MAX_LONG_SHARE = 0.2
"""Share of long sentences of a B1 text at most."""
B1_MAX_OFFICIALESE_PER_100 = 1.0
"""Officialese hits per 100 words of a B1 text at most."""
B1_MAX_PASSIVE_SHARE = 0.2
"""Share of sentences with a passive of a B1 text at most."""
B1_MAX_DIFFICULT = 2
B1_MAX_DIFFICULT_PER_100 = 2.0
"""A B1 text has at most max(2, 2 per 100 words) different uncommon words."""
HARD_MAX_SCORE = 45.0
"""Below this Flesch-Douma score a text is too hard."""
HARD_MIN_AVERAGE_SENTENCE = 20.0
"""Above this average sentence length a text is too hard."""
HARD_MIN_OFFICIALESE_PER_100 = 2.5
HARD_MIN_OFFICIALESE = 3
"""More than 2.5 officialese hits per 100 words (and at least 3) make a text too hard."""


class Verdict(StrEnum):
    """The overall verdict. Always a hint, never a block."""

    B1 = "B1"
    BIJNA = "BIJNA"
    TE_MOEILIJK = "TE_MOEILIJK"
    LEEG = "LEEG"
    """The text has no words (empty or only white space or symbols)."""


# --- Messages (user-facing, B1 Dutch) ---------------------------------------------------------

VERDICT_TEXT = {
    Verdict.B1: "Uw tekst is goed te lezen (B1).",
    Verdict.BIJNA: "Uw tekst is bijna goed te lezen. Kijk nog even naar de tips.",
    Verdict.TE_MOEILIJK: "Uw tekst is nog moeilijk te lezen. De tips helpen u om hem makkelijker te maken.",
    Verdict.LEEG: "Er is nog geen tekst om te controleren.",
}
# Flesch-Douma bands: lowest score of the band -> label.
SCORE_LABELS = (
    (80.0, "Heel makkelijk te lezen"),
    (70.0, "Makkelijk te lezen"),
    (60.0, "Redelijk makkelijk te lezen"),
    (50.0, "Redelijk moeilijk te lezen"),
    (30.0, "Moeilijk te lezen"),
    (float("-inf"), "Heel moeilijk te lezen"),
)
MSG_NO_SCORE = "Geen score: er zijn geen woorden."
MSG_SCORE = "De leesscore is {score} van de 100: {label}. Hoe hoger de score, hoe makkelijker."
MSG_COUNTS = "Uw tekst heeft {words} en {sentences}."
MSG_WORDS = ("{n} woord", "{n} woorden")
MSG_SENTENCES = ("{n} zin", "{n} zinnen")
MSG_AVERAGE_GOOD = "Een zin heeft gemiddeld {n} woorden. Dat is goed."
MSG_AVERAGE_LONG = "Een zin heeft gemiddeld {n} woorden. Probeer zinnen van ongeveer 10 woorden."
MSG_LONG_SUMMARY = (
    "Er is 1 zin met meer dan {max} woorden. Maak die zin korter.",
    "Er zijn {n} zinnen met meer dan {max} woorden. Maak die zinnen korter.",
)
MSG_LONG = "Deze zin heeft {n} woorden. Maak er twee of meer zinnen van."
MSG_DIFFICULT_SUMMARY = (
    "U gebruikt 1 woord dat niet veel mensen kennen. Kies een gewoner woord of leg het uit.",
    "U gebruikt {n} woorden die niet veel mensen kennen. Kies gewonere woorden of leg ze uit.",
)
MSG_DIFFICULT = 'Niet veel mensen kennen het woord "{word}". Kies een gewoner woord of leg het uit.'
MSG_OFFICIALESE_SUMMARY = (
    "U gebruikt 1 keer ambtelijke taal. Er staat een gewoner woord bij.",
    "U gebruikt {n} keer ambtelijke taal. Bij elke plek staat een gewoner woord.",
)
MSG_OFFICIALESE = '"{word}" is ambtelijke taal. Schrijf liever {alternatives}.'
MSG_OR = "of"
MSG_PASSIVE_SUMMARY = (
    "U schrijft 1 keer niet wie iets doet. Schrijf liever wie het doet.",
    "U schrijft {n} keer niet wie iets doet. Schrijf liever wie het doet.",
)
MSG_PASSIVE = (
    'Bij "{words}" staat niet wie iets doet. Schrijf liever wie het doet. '
    "Bijvoorbeeld: 'Wij halen het afval op' in plaats van 'Het afval wordt opgehaald'."
)
MSG_ALL_GOOD = "U hoeft niets te veranderen."


# --- Results --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LongSentence:
    """A sentence with more words than the limit."""

    start: int
    end: int
    word_count: int
    text: str
    message: str


@dataclass(frozen=True, slots=True)
class DifficultWord:
    """A word that is not common (low Zipf frequency), with its position."""

    start: int
    end: int
    word: str
    zipf: float
    message: str


@dataclass(frozen=True, slots=True)
class Officialese:
    """Officialese ("ambtelijke taal") with plainer alternatives."""

    start: int
    end: int
    text: str
    term: str
    alternatives: tuple[str, ...]
    message: str


@dataclass(frozen=True, slots=True)
class PassiveHint:
    """A passive construction ("wordt ... opgehaald")."""

    start: int
    end: int
    text: str
    auxiliary: str
    participle: str
    message: str


@dataclass(frozen=True, slots=True)
class Report:
    """The result of ``check_text``. All figures are rounded for display."""

    text_length: int
    word_count: int
    sentence_count: int
    syllable_count: int
    average_sentence_length: float
    syllables_per_100_words: float
    flesch_douma: float | None
    score_label: str
    score_explanation: str
    max_sentence_words: int
    long_sentences: tuple[LongSentence, ...]
    difficult_words: tuple[DifficultWord, ...]
    officialese: tuple[Officialese, ...]
    passives: tuple[PassiveHint, ...]
    passive_sentence_count: int
    verdict: Verdict
    verdict_text: str
    summary: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict (for the live-check endpoint): tuples become lists."""
        data = _plain(dataclasses.asdict(self))
        data["verdict"] = self.verdict.value
        return data


def _plain(value: Any) -> Any:
    """Tuples to lists, recursively (``dataclasses.asdict`` keeps tuples)."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


# --- Scoring ----------------------------------------------------------------------------------


def flesch_douma(words: int, sentences: int, syllables: int) -> float | None:
    """Flesch-Douma: 206.84 - 0.77 x syllables per 100 words - 0.93 x words per sentence.

    Not clipped: a very hard text can score below 0, a very easy one above 100.
    """
    if words == 0 or sentences == 0:
        return None
    return 206.84 - 0.77 * (100.0 * syllables / words) - 0.93 * (words / sentences)


def score_label(score: float | None) -> str:
    """The B1 explanation of a Flesch-Douma score ("Makkelijk te lezen")."""
    if score is None:
        return MSG_NO_SCORE
    return next(label for low, label in SCORE_LABELS if score >= low)


def _plural(forms: tuple[str, str], n: int, **values: Any) -> str:
    return (forms[0] if n == 1 else forms[1]).format(n=n, **values)


def _join_alternatives(alternatives: tuple[str, ...], capital: bool) -> str:
    quoted = [f'"{a[:1].upper() + a[1:] if capital else a}"' for a in alternatives]
    if len(quoted) == 1:
        return quoted[0]
    return f"{', '.join(quoted[:-1])} {MSG_OR} {quoted[-1]}"


def _token_syllables(token: Token) -> int:
    if token.kind is TokenKind.WORD:
        return lexicon.syllables(token.text)
    if token.kind is TokenKind.ABBREVIATION:
        return max(1, sum(c.isalpha() for c in token.text))
    return NUMBER_SYLLABLES


def _find_officialese(
    text: str, sentence: Sentence, lex: lexicon.Lexicon, covered: set[int]
) -> list[Officialese]:
    """Match the curated officialese terms on whole words (case-insensitive).

    Adds the start of every matched token to ``covered``.
    """
    tokens = sentence.tokens
    lowered = [t.text.lower() for t in tokens]
    hits: list[Officialese] = []
    i = 0
    while i < len(tokens):
        matched = None
        for entry in lex.officialese.get(lowered[i], ()):
            n = len(entry.words)
            if tuple(lowered[i : i + n]) != entry.words:
                continue
            # Words of a phrase may only be separated by white space ("ten behoeve van").
            if all(
                text[tokens[k].end : tokens[k + 1].start].isspace() for k in range(i, i + n - 1)
            ):
                matched = entry
                break
        if matched is None:
            i += 1
            continue
        last = i + len(matched.words) - 1
        start, end = tokens[i].start, tokens[last].end
        covered.update(t.start for t in tokens[i : last + 1])
        capital = tokens[i].text[:1].isupper()
        hits.append(
            Officialese(
                start=start,
                end=end,
                text=text[start:end],
                term=matched.term,
                alternatives=matched.alternatives,
                message=MSG_OFFICIALESE.format(
                    word=" ".join(text[start:end].split()),
                    alternatives=_join_alternatives(matched.alternatives, capital),
                ),
            )
        )
        i = last + 1
    return hits


def _difficult_in_sentence(
    sentence: Sentence,
    rare_zipf: float,
    covered: set[int],
    names: set[str],
) -> list[DifficultWord]:
    found: list[DifficultWord] = []
    for index, token in enumerate(sentence.tokens):
        if token.kind is not TokenKind.WORD or token.start in covered:
            continue
        word = token.text
        if word[:1].isupper() and (index > 0 or word.isupper() or word.lower() in names):
            continue  # a name or an abbreviation such as "AVG"
        lowest: float | None = None
        for part in word.replace("’", "'").replace("'", "-").split("-"):
            low = part.lower()
            if len(low) < MIN_WORD_LENGTH:
                continue
            if lexicon.is_common(low, rare_zipf):
                continue
            frequency = lexicon.zipf(low)
            lowest = frequency if lowest is None else min(lowest, frequency)
        if lowest is not None:
            found.append(
                DifficultWord(
                    token.start, token.end, word, lowest, MSG_DIFFICULT.format(word=token.text)
                )
            )
    return found


# Texts shorter than this are judged without the Flesch-Douma score (see _verdict).
MIN_WORDS_FOR_SCORE = 40


def _verdict(
    score: float | None,
    word_count: int,
    sentence_count: int,
    long_count: int,
    difficult_count: int,
    officialese_count: int,
    passive_sentences: int,
) -> Verdict:
    if score is None:
        return Verdict.LEEG
    # Flesch-Douma says little about a few words (a label, a button): "Thema's. Naam." would
    # score as hard. Below MIN_WORDS_FOR_SCORE words only the other rules decide.
    score_counts = word_count >= MIN_WORDS_FOR_SCORE
    average = word_count / sentence_count
    officialese_per_100 = 100.0 * officialese_count / word_count
    if (
        (score_counts and score < HARD_MAX_SCORE)
        or average > HARD_MIN_AVERAGE_SENTENCE
        or (
            officialese_per_100 > HARD_MIN_OFFICIALESE_PER_100
            and officialese_count >= HARD_MIN_OFFICIALESE
        )
    ):
        return Verdict.TE_MOEILIJK
    if (
        (not score_counts or score >= B1_MIN_SCORE)
        and average <= B1_MAX_AVERAGE_SENTENCE
        and long_count <= B1_MAX_LONG_SHARE * sentence_count
        and officialese_per_100 <= B1_MAX_OFFICIALESE_PER_100
        and passive_sentences <= B1_MAX_PASSIVE_SHARE * sentence_count
        and difficult_count <= max(B1_MAX_DIFFICULT, B1_MAX_DIFFICULT_PER_100 * word_count / 100)
    ):
        return Verdict.B1
    return Verdict.BIJNA


def check_text(
    text: str, *, max_sentence_words: int = MAX_SENTENCE_WORDS, rare_zipf: float = RARE_ZIPF
) -> Report:
    """Check how easy a Dutch text is to read (B1).

    Never raises on any text (empty, markup, control characters, very long). Positions in the
    report are indices into ``text``.
    """
    if not isinstance(text, str):
        raise TypeError("text must be a str")
    if max_sentence_words < 1:
        raise ValueError("max_sentence_words must be at least 1")
    lex = lexicon.get_lexicon()
    sentences = split_sentences(text)

    word_count = sum(s.word_count for s in sentences)
    sentence_count = len(sentences)
    syllable_count = sum(_token_syllables(t) for s in sentences for t in s.tokens)
    score = flesch_douma(word_count, sentence_count, syllable_count)
    average = word_count / sentence_count if sentence_count else 0.0

    long_sentences = tuple(
        LongSentence(
            s.start, s.end, s.word_count, text[s.start : s.end], MSG_LONG.format(n=s.word_count)
        )
        for s in sentences
        if s.word_count > max_sentence_words
    )

    officialese: list[Officialese] = []
    covered: set[int] = set()  # token starts inside an officialese hit
    for sentence in sentences:
        officialese.extend(_find_officialese(text, sentence, lex, covered))

    # Words written with a capital in the middle of a sentence are names; skip them at the start
    # of a sentence too.
    names = {
        t.text.lower()
        for s in sentences
        for t in s.tokens[1:]
        if t.kind is TokenKind.WORD and t.text[:1].isupper()
    }
    difficult: list[DifficultWord] = []
    for sentence in sentences:
        difficult.extend(_difficult_in_sentence(sentence, rare_zipf, covered, names))

    passives: list[PassiveHint] = []
    passive_sentences = 0
    for sentence in sentences:
        found = find_passives(sentence)
        passive_sentences += bool(found)
        passives.extend(
            PassiveHint(
                p.start,
                p.end,
                text[p.start : p.end],
                p.auxiliary,
                p.participle,
                MSG_PASSIVE.format(words=" ".join(text[p.start : p.end].split())),
            )
            for p in found
        )

    unique_difficult = {w.word.lower() for w in difficult}
    verdict = _verdict(
        score,
        word_count,
        sentence_count,
        len(long_sentences),
        len(unique_difficult),
        len(officialese),
        passive_sentences,
    )
    rounded = None if score is None else round(score, 1)
    label = score_label(score)
    explanation = (
        MSG_NO_SCORE if score is None else MSG_SCORE.format(score=round(score), label=label.lower())
    )

    summary: list[str] = []
    if verdict is not Verdict.LEEG:
        summary.append(
            MSG_COUNTS.format(
                words=_plural(MSG_WORDS, word_count),
                sentences=_plural(MSG_SENTENCES, sentence_count),
            )
        )
        summary.append(explanation)
        template = MSG_AVERAGE_GOOD if average <= B1_MAX_AVERAGE_SENTENCE else MSG_AVERAGE_LONG
        summary.append(template.format(n=round(average)))
        if long_sentences:
            summary.append(_plural(MSG_LONG_SUMMARY, len(long_sentences), max=max_sentence_words))
        if unique_difficult:
            summary.append(_plural(MSG_DIFFICULT_SUMMARY, len(unique_difficult)))
        if officialese:
            summary.append(_plural(MSG_OFFICIALESE_SUMMARY, len(officialese)))
        if passives:
            summary.append(_plural(MSG_PASSIVE_SUMMARY, len(passives)))
        if verdict is Verdict.B1 and not (long_sentences or difficult or officialese or passives):
            summary.append(MSG_ALL_GOOD)

    return Report(
        text_length=len(text),
        word_count=word_count,
        sentence_count=sentence_count,
        syllable_count=syllable_count,
        average_sentence_length=round(average, 1),
        syllables_per_100_words=round(100.0 * syllable_count / word_count, 1)
        if word_count
        else 0.0,
        flesch_douma=rounded,
        score_label=label,
        score_explanation=explanation,
        max_sentence_words=max_sentence_words,
        long_sentences=long_sentences,
        difficult_words=tuple(difficult),
        officialese=tuple(officialese),
        passives=tuple(passives),
        passive_sentence_count=passive_sentences,
        verdict=verdict,
        verdict_text=VERDICT_TEXT[verdict],
        summary=tuple(summary),
    )
