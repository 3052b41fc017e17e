"""One parametrized sweep over every ``/beheer`` route (GET and POST, from ``app.url_map``):
anonymous users go to the login page, residents get 403, a medewerker without the route's
work area gets 403, and beheerder-only routes refuse every medewerker."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from core.sweep import listing_app, make_world, rules, url_for_rule
from helpers import csrf_token, login_as

from open_nijmegen.core.permissions import ACCESS_ATTR, WORK_AREA_ATTR

_APP = listing_app()
BEHEER_ROUTES = [
    (method, rule.rule, rule.endpoint)
    for method in ("GET", "POST")
    for rule in rules(_APP, method, prefix="/beheer")
]


def test_the_sweep_sees_the_staff_area():
    endpoints = {endpoint for _m, _r, endpoint in BEHEER_ROUTES}
    assert {"beheer.dashboard", "beheer.gebruikers", "beheer.instellingen"} <= endpoints
    assert any(m == "POST" for m, _r, _e in BEHEER_ROUTES)


def _request(client, method: str, url: str):
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, data={"csrf_token": csrf_token(client)})
    response.close()
    return response


def _sent_to_login(response) -> bool:
    return response.status_code == 302 and urlsplit(response.headers["Location"]).path.startswith(
        "/account/inloggen"
    )


@pytest.mark.parametrize(
    ("method", "path", "endpoint"), BEHEER_ROUTES, ids=[f"{m} {p}" for m, p, _e in BEHEER_ROUTES]
)
def test_staff_route_access(app, method, path, endpoint):
    view = app.view_functions[endpoint]
    level = getattr(view, ACCESS_ATTR, None)
    assert level in {"staff", "beheerder"}, f"{endpoint} must require a staff role"
    area = getattr(view, WORK_AREA_ATTR, None)
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint and r.rule == path)
    world = make_world()
    url = url_for_rule(app, rule, world)

    anonymous = _request(app.test_client(), method, url)
    assert _sent_to_login(anonymous), f"anonymous: {anonymous.status_code}"

    for role in ("onbevestigd", "inwoner"):
        response = _request(login_as(app.test_client(), world.users[role]), method, url)
        assert response.status_code == 403, f"{role}: {response.status_code}"

    expected_refused = {
        # A medewerker without any work area only sees the general staff pages.
        "medewerker_zonder_gebied": level == "beheerder" or area is not None,
        "medewerker": level == "beheerder",
        "beheerder": False,
    }
    for role, refused in expected_refused.items():
        response = _request(login_as(app.test_client(), world.users[role]), method, url)
        if refused:
            assert response.status_code == 403, f"{role}: {response.status_code}"
        else:
            assert response.status_code != 403 and not _sent_to_login(response), (
                f"{role}: {response.status_code}"
            )
            assert response.status_code < 500


def test_medewerker_with_only_another_area_is_refused(app, client):
    from factories import make_staff

    from open_nijmegen.accounts.models import WorkArea
    from open_nijmegen.core.permissions import staff_required

    @staff_required(WorkArea.UITDAAGRECHT)
    def area_page():
        return "persoonsgegevens uitdaagrecht"

    app.view_functions["beheer.test_gebied"] = area_page
    app.url_map.add(app.url_rule_class("/beheer/test-gebied", endpoint="beheer.test_gebied"))
    assert getattr(area_page, WORK_AREA_ATTR) == WorkArea.UITDAAGRECHT

    login_as(client, make_staff(areas=["ideeen", "inwonersberaad"], password=""))
    refused = client.get("/beheer/test-gebied")
    assert refused.status_code == 403
    assert "persoonsgegevens" not in refused.get_data(as_text=True)
    other = app.test_client()
    login_as(other, make_staff(areas=["uitdaagrecht"], password=""))
    assert (
        other.get("/beheer/test-gebied").get_data(as_text=True) == "persoonsgegevens uitdaagrecht"
    )


@pytest.mark.parametrize(
    "areas", [[], ["ideeen"], ["uitdaagrecht"], ["inwonersberaad"], ["ideeen", "uitdaagrecht"]]
)
def test_staff_menu_shows_only_what_the_officer_may_open(app, areas):
    """Every link in the staff menu opens for the officer who sees it; a work area the officer
    does not have is not in the menu."""
    import re

    from factories import make_admin, make_staff

    for user in (make_staff(areas=areas, password=""), make_admin(password="")):
        client = login_as(app.test_client(), user)
        page = client.get("/beheer/").get_data(as_text=True)
        menu = page[page.index('aria-label="Beheermenu"') :]
        menu = menu[: menu.index("</nav>")]
        links = re.findall(r'href="([^"]+)"', menu)
        assert links, "the staff menu has links"
        for href in links:
            response = client.get(href)
            assert response.status_code == 200, (areas, href, response.status_code)
        if user.is_beheerder:
            continue
        for area, path in (
            ("ideeen", "/beheer/ideeen"),
            ("uitdaagrecht", "/beheer/uitdaagrecht"),
            ("inwonersberaad", "/beheer/inwonersberaad"),
        ):
            assert any(h.startswith(path) for h in links) == (area in areas), (areas, area)
