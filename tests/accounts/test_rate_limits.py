"""Rate limits on login, registration and password reset: a 429 page in B1 after the limit.
(The limiter is reset before every test by conftest; reactions are tested in tests/core.)"""

from __future__ import annotations

import pytest
from factories import PASSWORD, make_user
from helpers import csrf_token


def _assert_b1_429(response) -> None:
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert "Even wachten" in html
    assert "U hebt het te vaak geprobeerd." in html
    assert 'href="/"' in html
    assert int(response.headers["Retry-After"]) > 0


@pytest.mark.parametrize(
    ("url", "limit", "data"),
    [
        ("/account/inloggen", 10, {"email": "x@example.org", "password": "fout-wachtwoord"}),
        ("/account/wachtwoord-vergeten", 5, {"email": "x@example.org"}),
        (
            "/account/registreren",
            5,
            {"display_name": "", "email": "x@example.org", "password": "kort"},
        ),
    ],
)
def test_limit_then_429(client, url, limit, data):
    token = csrf_token(client)
    for _ in range(limit):
        response = client.post(url, data={**data, "csrf_token": token})
        assert response.status_code in {200, 302, 400}
    _assert_b1_429(client.post(url, data={**data, "csrf_token": token}))
    assert client.get(url).status_code == 200, "reading the form is not limited"


def test_login_limit_also_stops_the_right_password(client):
    make_user(email="echt@example.org")
    token = csrf_token(client)
    for _ in range(10):
        client.post(
            "/account/inloggen",
            data={"csrf_token": token, "email": "echt@example.org", "password": "fout-fout-fout"},
        )
    response = client.post(
        "/account/inloggen",
        data={"csrf_token": token, "email": "echt@example.org", "password": PASSWORD},
    )
    _assert_b1_429(response)
    assert client.get("/account").status_code == 302


def test_registration_limit_counts_successful_registrations(client):
    token = csrf_token(client)
    for n in range(5):
        response = client.post(
            "/account/registreren",
            data={
                "csrf_token": token,
                "display_name": f"Bewoner {n}",
                "email": f"bewoner{n}@example.org",
                "password": PASSWORD,
                "accept": "y",
            },
        )
        assert response.status_code == 302
    response = client.post(
        "/account/registreren",
        data={
            "csrf_token": token,
            "display_name": "Bewoner 6",
            "email": "bewoner6@example.org",
            "password": PASSWORD,
            "accept": "y",
        },
    )
    _assert_b1_429(response)


def test_every_rate_limit_is_on_a_view_that_is_routed(app):
    """A limit on a view that start-up replaced does nothing (the login view in
    accounts/views.py was such a view): every limited function must be the live view of a
    route. Flask-Limiter names a limited function by its qualified name."""
    from flask_limiter.util import get_qualified_name

    from open_nijmegen.extensions import limiter

    live = {get_qualified_name(view) for view in app.view_functions.values()}
    dead = sorted(name for name in limiter._marked_for_limiting if name not in live)
    assert not dead, f"rate limits on views that no route uses: {dead}"
    login_view = app.view_functions["accounts.login"]
    assert get_qualified_name(login_view) in limiter._marked_for_limiting
