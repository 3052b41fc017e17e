"""All user-visible strings go through gettext (Dutch source strings), so a translation can be
added without touching templates: extraction finds the site's strings."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir

ROOT = Path(__file__).resolve().parents[2]


def test_babel_extracts_the_sites_strings():
    method_map = [
        ("**.py", "python"),
        ("**/templates/**.html", "jinja2"),
        ("**/templates/**.txt", "jinja2"),
    ]
    options = {"**/templates/**": {"extensions": "jinja2.ext.do"}}
    keywords = {
        "_": None,
        "gettext": None,
        "ngettext": (1, 2),
        "_l": None,
        "lazy_gettext": None,
        "N_": None,
    }
    messages = {
        msg[2] if isinstance(msg[2], str) else msg[2][0]
        for msg in extract_from_dir(
            str(ROOT / "open_nijmegen"), method_map, options, keywords=keywords
        )
    }
    for expected in [
        "Account maken",
        "Naar de inhoud",
        "Deze pagina bestaat niet",
        "Vul uw e-mailadres in.",
    ]:
        assert expected in messages
    assert len(messages) > 300
