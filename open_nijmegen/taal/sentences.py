"""Tokens and sentences of a Dutch text.

Every position is an index into the original string (Python code points). The text itself is
never changed or normalised, so a caller can use the positions to highlight the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

__all__ = ["Sentence", "Token", "TokenKind", "split_sentences", "tokenize", "word_set"]

# A letter, or a combining mark (a decomposed "ë" is "e" + U+0308).
_LETTER = r"(?:[^\W\d_]|[\u0300-\u036f])"
# The parts of an e-mail address have a maximum length, which keeps the matching linear on
# hostile input such as "ab.ab.ab...".
_TOKEN_RE = re.compile(
    rf"""
    (?P<link>(?:https?://|www\.)[^\s<>"]*[^\s<>".,;:!?)\]'’]
      |[\w.+-]{{1,64}}@[\w-]{{1,63}}(?:\.[\w-]{{1,63}})+)
    |(?P<abbreviation>(?:[^\W\d_]\.){{2,}})
    |(?P<number>\d+(?:[.,:]\d+)*(?:{_LETTER}+)?)
    |(?P<word>{_LETTER}+(?:['’\-]{_LETTER}+)*)
    """,
    re.VERBOSE,
)

# Sentence-ending punctuation, with closing quotes or brackets, followed by white space or the
# end of the text; or a line break.
_END_RE = re.compile(r"""[.!?…]+["'”’»)\]]*(?=\s|$)|[\n\u2028\u2029]|\r(?!\n)""")
_LINE_BREAKS = "\n\r\u2028\u2029"

# A list marker at the start of a line: "-", "*", "•", "1.", "2)", "a.", "b)", "C)".
# (Not "J. " with a capital and a dot: that is more often an initial, as in "J. de Vries".)
_MARKER_RE = re.compile(r"[ \t]*(?:[-*•–—·▪◦‣>]|\d{1,3}[.)]|[a-z][.)]|[A-Z]\))[ \t]+")


def word_set(words: str) -> frozenset[str]:
    """A set of the words in a string separated by white space (for word lists in code)."""
    return frozenset(words.split())


# Abbreviations that never end a sentence (compared without their last dot, in lower case).
_ABBREVIATIONS = word_set(
    """
    a.u.b aanv afd alg art bijv blz ca cf d.d d.m.v d.w.z dhr dr drs evt excl fa i.c.m i.o
    i.p.v i.s.m i.v.m ing incl ir jr m.a.w m.b.t m.i.v m.u.v mevr mr mw n.a.v n.v.t nl nr nrs
    o.a o.b.v pag plm prof resp s.v.p sr st t.a.v t.b.v t.g.v t.o.v t.w tel tel.nr vgl vlg vnl
    vs z.s.m zgn zg
    """
)
# Abbreviations that may close a sentence (or look like a name, such as "Jan."): a sentence ends
# after them only when a capital follows.
_FINAL_ABBREVIATIONS = word_set(
    """
    etc enz e.d e.a e.v o.i.d jl max min jan feb mrt apr jun jul aug sep sept okt nov dec
    """
)
_LEADING_PUNCTUATION = "([{\"'“‘«"


class TokenKind(Enum):
    """What a token is: a word, an abbreviation with dots ("o.a."), a number or a link."""

    WORD = "word"
    ABBREVIATION = "abbreviation"
    NUMBER = "number"
    LINK = "link"


@dataclass(frozen=True, slots=True)
class Token:
    """One word, number or link, with its position in the text."""

    start: int
    end: int
    text: str
    kind: TokenKind


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence (or a heading or list item): its span and its tokens."""

    start: int
    end: int
    tokens: tuple[Token, ...]

    @property
    def word_count(self) -> int:
        return len(self.tokens)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Return the words, numbers and links of ``text[start:end]``."""
    stop = len(text) if end is None else end
    tokens = []
    for match in _TOKEN_RE.finditer(text, start, stop):
        kind = TokenKind(match.lastgroup)
        tokens.append(Token(match.start(), match.end(), match.group(), kind))
    return tokens


def _next_visible_char(text: str, pos: int) -> str:
    """The first character at or after ``pos`` that is not white space ("" at the end)."""
    length = len(text)
    while pos < length and text[pos].isspace():
        pos += 1
    return text[pos] if pos < length else ""


def _word_before(text: str, pos: int) -> str:
    """The run of non-space characters that ends at ``pos``, without leading punctuation."""
    begin = pos
    while begin > 0 and not text[begin - 1].isspace() and pos - begin < 40:
        begin -= 1
    return text[begin:pos].lstrip(_LEADING_PUNCTUATION)


def _line_continues(text: str, newline: int) -> bool:
    """True when the line after ``newline`` continues the same sentence.

    A hard-wrapped line goes on with a lower-case word; a blank line, a list item, a heading or
    a new sentence starts otherwise.
    """
    if _MARKER_RE.match(text, newline + 1):
        return False
    pos = newline + 1
    length = len(text)
    while pos < length and text[pos] in " \t\r\f\v":
        pos += 1
    if pos >= length or text[pos] in _LINE_BREAKS:
        return False
    return text[pos].islower()


def _list_marker_end(text: str, pos: int) -> int | None:
    """If ``pos`` lies in a list marker at the start of its line ("1. ", "- "), its end."""
    low = max(0, pos - 10)
    start = max(text.rfind(br, low, pos) for br in _LINE_BREAKS) + 1
    if start == 0 and low > 0:
        return None  # no line break nearby, so not at the start of a line
    marker = _MARKER_RE.match(text, start)
    if marker is None or pos >= marker.end():
        return None
    return marker.end()


def _is_boundary(text: str, match: re.Match[str]) -> bool:
    """Decide whether the punctuation (or line break) in ``match`` ends a sentence."""
    mark = match.group()
    if mark in ("\u2028", "\u2029"):
        return True
    if mark in ("\n", "\r"):
        return not _line_continues(text, match.start())
    if _list_marker_end(text, match.start()) is not None:
        return False
    following = _next_visible_char(text, match.end())
    punctuation = mark.rstrip("\"'”’»)]")
    if "!" in punctuation or "?" in punctuation:
        return True
    if "…" in punctuation or len(punctuation) > 1:
        # An ellipsis ends a sentence only when a new sentence clearly starts.
        return following == "" or following.isupper() or following.isdigit()
    word = _word_before(text, match.start()).lower()
    if not word:
        return True
    if word in _FINAL_ABBREVIATIONS:
        return following == "" or following.isupper()
    if word in _ABBREVIATIONS or word.endswith("nr"):  # also "huisnr.", "klantnr."
        return False
    if len(word) == 1 and word.isalpha():
        # An initial, as in "J. de Vries".
        return False
    if "." in word and word.replace(".", "").isalpha():
        # An unknown abbreviation with dots (such as "a.s."): only before a capital.
        return following == "" or following.isupper()
    return True


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences.

    Line breaks end a sentence (headings, list items), unless the next line starts with a
    lower-case letter. Abbreviations ("bijv.", "o.a.", "d.w.z.", "nr."), numbers ("1.000",
    "3.5"), initials and an ellipsis inside a sentence do not end it. A list marker at the start
    of a line ("-", "•", "1.") is not part of the sentence. Sentences without any word or number
    are left out.
    """
    sentences: list[Sentence] = []
    tokens = tokenize(text)
    token_index = 0
    segment_start = 0
    boundaries = [m.end() for m in _END_RE.finditer(text) if _is_boundary(text, m)]
    if not boundaries or boundaries[-1] != len(text):
        boundaries.append(len(text))
    for boundary in boundaries:
        begin = segment_start
        segment_start = boundary
        # Skip white space and a list marker at the start of the segment.
        while begin < boundary and text[begin].isspace():
            begin += 1
        marker_end = _list_marker_end(text, begin) if begin < boundary else None
        if marker_end is not None:
            begin = min(marker_end, boundary)
        finish = boundary
        while finish > begin and text[finish - 1].isspace():
            finish -= 1
        # Collect the tokens that start inside [begin, finish).
        while token_index < len(tokens) and tokens[token_index].start < begin:
            token_index += 1
        first = token_index
        while token_index < len(tokens) and tokens[token_index].start < finish:
            token_index += 1
        if token_index > first:
            sentences.append(Sentence(begin, finish, tuple(tokens[first:token_index])))
    return sentences
