"""The translation catalogs (issue 20): a translation keeps the placeholders of its Dutch
string, and the compiled .mo that the site loads is the .po as it is now.

Fast: reads the .po files, no crawl."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from open_nijmegen.core.i18n import DEFAULT_LOCALE, LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "open_nijmegen" / "translations"
LOCALES = [code for code in LANGUAGES if code != DEFAULT_LOCALE]
# %(name)s, %(n)d, %s, %% and {name}: what gettext and str.format fill in.
PLACEHOLDER = re.compile(r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdif%]|\{[A-Za-z_][\w]*\}")


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def _catalog(code: str):  # type: ignore[no-untyped-def]
    with open(TRANSLATIONS / code / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=code)


@pytest.mark.parametrize("code", LOCALES)
def test_translations_keep_the_placeholders(code):
    wrong = []
    for message in _catalog(code):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for i, string in enumerate(strings):
            if not string:
                continue
            source = ids[min(i, len(ids) - 1)]
            expected = placeholders(source)
            # A plural form may leave out the number ("one plan" for %(num)s plan).
            if placeholders(string) != expected and not (
                len(ids) > 1 and set(placeholders(string)) <= set(expected)
            ):
                wrong.append(f"{source!r} -> {string!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("code", LOCALES)
def test_the_compiled_catalog_is_up_to_date(code):
    def key(value):  # type: ignore[no-untyped-def]
        return tuple(value) if isinstance(value, (list, tuple)) else value

    def done(value):  # type: ignore[no-untyped-def]
        return all(value) if isinstance(value, tuple) else bool(value)

    po = {key(m.id): key(m.string) for m in _catalog(code) if m.id and not m.fuzzy}
    po = {k: v for k, v in po.items() if done(v)}
    with open(TRANSLATIONS / code / "LC_MESSAGES" / "messages.mo", "rb") as f:
        mo = {key(m.id): key(m.string) for m in read_mo(f) if m.id}
    # An untranslated plural is compiled with the Dutch forms: not a translation.
    mo = {k: v for k, v in mo.items() if done(v) and not (isinstance(k, tuple) and v == k)}
    stale = sorted(str(k) for k in set(po) ^ set(mo) | {k for k in po if mo.get(k) != po[k]})
    assert not stale, f"run make i18n-compile: {len(stale)} strings differ, e.g. {stale[:5]}"


def test_placeholders_are_found():
    assert placeholders("Nog %(n)d dagen, %(naam)s en {reden} en %s") == [
        "%(n)d",
        "%(naam)s",
        "%s",
        "{reden}",
    ]


def _extracted() -> set[str]:
    """Every msgid in the code, templates and mail, extracted as ``make i18n-extract`` does."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with open(ROOT / "babel.cfg", encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    keywords = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "N_": None}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.mark.parametrize("code", LOCALES)
def test_every_string_has_a_translation(code):
    translated = set()
    for message in _catalog(code):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id and not message.fuzzy and all(strings):
            translated.add(message.id if isinstance(message.id, str) else message.id[0])
    missing = sorted(_extracted() - translated)
    assert not missing, (
        f"{len(missing)} strings have no {code} translation. Run make i18n-update, fill in "
        f"the empty msgstr in translations/{code}/LC_MESSAGES/messages.po, then make "
        f"i18n-compile. The first: {missing[:15]}"
    )
