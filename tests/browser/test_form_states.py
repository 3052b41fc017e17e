"""Issue 15 point 21 in Chromium: a radio button stands before its text (NL Design System),
also where the Utrecht form-field CSS would order a separate label first."""

from __future__ import annotations

from browser_support import browser_login
from factories import PASSWORD, make_user


def test_radio_buttons_stand_before_their_text(live_server, bpage):
    user = make_user(name="Radio Rian")
    browser_login(bpage, live_server, user.email, PASSWORD)
    bpage.goto(live_server + "/account/instellingen")
    radios = bpage.locator("input[type=radio]")
    assert radios.count() >= 2
    for i in range(radios.count()):
        radio = radios.nth(i)
        label = bpage.locator(f'label[for="{radio.get_attribute("id")}"]')
        box, text = radio.bounding_box(), label.bounding_box()
        assert box and text
        # The radio is at the start of its line, its text to the right of it.
        assert box["x"] <= text["x"] + 2, f"radio {i} stands after its label"
        words = label.evaluate(
            "l => { const r = document.createRange(); const t = [...l.childNodes].find("
            "n => n.nodeType === 3 && n.textContent.trim()) || l; r.selectNodeContents(t);"
            " return r.getBoundingClientRect().x; }"
        )
        assert words >= box["x"] + box["width"] - 1, f"the text of radio {i} is not after it"
