"""The look (issue 16, point 1): the shipped theme's button colours and fonts, the logo in the
header, the staff pages' own frame. Read from the files and pages the site really serves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[2] / "static"
DECLARATION = re.compile(r"(--[A-Za-z0-9_-]+)\s*:\s*([^;]+);")


def theme_tokens() -> dict[str, str]:
    """Every custom property of the theme file; a later block wins, as in the browser."""
    return dict(DECLARATION.findall((STATIC / "css" / "theme.css").read_text()))


def resolve(tokens: dict[str, str], name: str) -> str:
    value = tokens[name].strip()
    for _ in range(20):
        found = re.fullmatch(r"var\((--[A-Za-z0-9_-]+)\)", value)
        if not found:
            return value
        value = tokens[found.group(1)].strip()
    raise AssertionError(f"{name}: var() chain too long")


def luminance(colour: str) -> float:
    rgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def is_violet(colour: str) -> bool:
    if not colour.startswith("#"):
        return False  # transparent, currentColor
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return b > g + 40 and r > g + 20  # red and blue well above green: purple


@pytest.mark.parametrize("kind", ["primary-action", "secondary-action"])
def test_buttons_are_not_violet_and_have_aa_contrast(kind):
    tokens = theme_tokens()
    text = resolve(tokens, f"--utrecht-button-{kind}-color")
    background = resolve(tokens, f"--utrecht-button-{kind}-background-color")
    border = resolve(tokens, f"--utrecht-button-{kind}-border-color")
    background = background if re.fullmatch(r"#[0-9a-fA-F]{6}", background) else "#ffffff"
    assert not is_violet(text) and not is_violet(background) and not is_violet(border)
    assert contrast(text, background) >= 4.5


def test_primary_and_secondary_buttons_look_different():
    tokens = theme_tokens()
    primary = resolve(tokens, "--utrecht-button-primary-action-background-color")
    secondary = resolve(tokens, "--utrecht-button-secondary-action-background-color")
    assert primary.startswith("#") and primary != secondary


def test_fonts_are_a_system_stack_never_an_unshipped_web_font():
    tokens = theme_tokens()
    for name in ("--basis-text-font-family-default", "--basis-heading-font-family"):
        value = resolve(tokens, name)
        assert value.startswith("system-ui") and "Noto" not in value
    site_css = (STATIC / "css" / "site.css").read_text()
    assert "@font-face" not in site_css  # nothing to fall back from


def test_header_shows_the_configured_logo(app, client):
    html = client.get("/").get_data(as_text=True)
    assert '<img class="site-logo__image" src="/static/img/logo.svg"' in html
    assert 'alt="Open Nijmegen, naar de startpagina"' in html
    assert (STATIC / "img" / "logo.svg").read_text().count("<title") == 1
    app.config["LOGO"] = "img/gemeente.svg"
    try:
        from open_nijmegen.core.templating import forget_fragments

        forget_fragments()  # the header of visitors is remembered
        assert 'src="/static/img/gemeente.svg"' in client.get("/").get_data(as_text=True)
    finally:
        app.config["LOGO"] = "img/logo.svg"
        forget_fragments()


def test_staff_pages_have_their_own_frame_with_the_menu_beside_the_content(client, login):
    from factories import make_admin

    login(make_admin())
    html = client.get("/beheer/").get_data(as_text=True)
    frame = html.index('<div class="site-staff-frame">')
    menu = html.index('aria-label="Beheermenu"')
    main = html.index('<main id="inhoud"')
    assert html.index("</header>") < frame < menu < main < html.index("</main>")
    assert '<body class="voorbeeld-theme utrecht-body utrecht-document site-staff">' in html
    public = client.get("/over").get_data(as_text=True)
    assert "site-staff-frame" not in public
