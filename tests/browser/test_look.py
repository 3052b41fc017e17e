"""The look in a real browser: the logo loads, the system fonts are used, focus is visible on
links, menu items and buttons (issue 16, point 1)."""

from __future__ import annotations

from browser_support import tab_to


def test_logo_loads_and_text_uses_the_system_font_stack(live_server, bpage):
    bpage.goto(live_server + "/")
    assert bpage.evaluate("document.querySelector('.site-logo__image').naturalWidth") > 0
    family = bpage.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert family.startswith("system-ui") and "Noto" not in family


def _focus_ring(page) -> dict:
    return page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
        return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow}; }"""
    )


def test_focus_is_visible_on_menu_links_and_buttons(live_server, bpage):
    bpage.goto(live_server + "/ideeen")
    for selector in ("a.site-nav__link[href='/ideeen']", "a.utrecht-button--primary-action",
                     "button.utrecht-button--secondary-action"):  # fmt: skip
        if selector.startswith("button"):  # the filter panel's button: open the panel first
            tab_to(bpage, "summary.site-filters__summary")
            bpage.keyboard.press("Enter")
        tab_to(bpage, selector)
        ring = _focus_ring(bpage)
        assert ring["style"] != "none" and ring["width"] >= 3, (selector, ring)
        assert ring["shadow"] != "none", selector


def test_the_current_tab_of_a_subnav_is_visible(live_server, bpage):
    """aria-current alone is invisible: the current tab is bold with a bar under it."""
    bpage.goto(live_server + "/bijeenkomsten?toon=voorbij")
    styles = bpage.evaluate(
        """() => [...document.querySelectorAll('.site-subnav a')].map(a => {
            const s = getComputedStyle(a);
            return {current: a.getAttribute('aria-current') === 'page', weight: s.fontWeight,
                    bar: s.borderBottomStyle + ' ' + s.borderBottomColor}; })"""
    )
    current = [s for s in styles if s["current"]]
    others = [s for s in styles if not s["current"]]
    assert len(current) == 1 and others
    assert int(current[0]["weight"]) >= 700
    assert all(int(o["weight"]) < 700 and o["bar"] != current[0]["bar"] for o in others)
