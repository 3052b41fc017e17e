"""Every page of the provider login and the two-step login, in its normal and error state:
no server error, the security headers, no inline script or style, an error summary where a form
failed, valid HTML (W3C Nu checker) and B1 Dutch without technical words."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pyotp
import pytest
from factories import make_user
from helpers import csrf_token, login_as
from oidc.flow import give_totp, password_login, provider_login

VNU_JAR = Path(__file__).resolve().parents[2] / "tools/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
TECHNICAL = re.compile(r"\b(OIDC|OpenID|token|nonce|issuer|claim|TOTP|Traceback)\b", re.I)


def _pages(app, client, provider) -> dict[str, tuple[int, str, dict[str, str]]]:
    pages: dict[str, tuple[int, str, dict[str, str]]] = {}

    def keep(name, response):
        pages[name] = (
            response.status_code,
            response.get_data(as_text=True),
            dict(response.headers),
        )

    keep("inloggen", client.get("/account/inloggen"))
    keep("mislukt", client.get("/account/inloggen/test/terug?code=x"))
    keep("afgebroken", client.get("/account/inloggen/test/terug?error=access_denied&state=x"))
    provider_login(client, provider.site, login="paginas")
    keep("eerste-keer", client.get("/account/eerste-keer"))
    token = csrf_token(client, "/account/eerste-keer")
    keep("eerste-keer-fout", client.post("/account/eerste-keer", data={"csrf_token": token}))
    keep("koppelen", client.get("/account/koppelen"))
    keep("koppelen-fout", client.post("/account/koppelen", data={"csrf_token": token}))

    user = make_user()
    give_totp(user)
    second = app.test_client()
    password_login(second, user.email)
    keep("code", second.get("/account/tweestaps/code"))
    code_token = csrf_token(second, "/account/tweestaps/code")
    keep("code-fout", second.post("/account/tweestaps/code", data={"csrf_token": code_token}))

    resident = make_user()
    third = login_as(app.test_client(), resident)
    enrol = third.get("/account/tweestaps")
    keep("tweestaps", enrol)
    enrol_token = csrf_token(third, "/account/tweestaps")
    keep("tweestaps-fout", third.post("/account/tweestaps", data={"csrf_token": enrol_token}))
    secret = re.search(r'<code id="sleutel">([A-Z2-7 ]+)</code>', enrol.get_data(as_text=True))
    done = third.post(
        "/account/tweestaps",
        data={
            "csrf_token": enrol_token,
            "code": pyotp.TOTP(secret.group(1).replace(" ", "")).now(),
            "password": "een-goed-wachtwoord-42",
        },
    )
    keep("herstelcodes", done)
    keep("tweestaps-aan", third.get("/account/tweestaps"))
    no_password = make_user(password="")
    keep("tweestaps-niet-nodig", login_as(app.test_client(), no_password).get("/account/tweestaps"))
    return pages


@pytest.fixture()
def pages(app, client, provider):
    return _pages(app, client, provider)


def test_pages_are_sound(pages):
    problems = []
    for name, (status, html, headers) in pages.items():
        if status >= 500:
            problems.append(f"{name}: status {status}")
        csp = headers.get("Content-Security-Policy", "")
        if "script-src 'self'" not in csp or "frame-ancestors 'none'" not in csp:
            problems.append(f"{name}: CSP missing")
        if headers.get("Cache-Control") != "no-store":
            problems.append(f"{name}: no no-store on an account page")
        if re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html):
            problems.append(f"{name}: inline script")
        if re.search(r"\sstyle=\"", html) or "<style" in html:
            problems.append(f"{name}: inline style")
        if name.endswith("-fout") and "Er gaat iets mis" not in html:
            problems.append(f"{name}: form error without error summary")
        main = html.split("<main", 1)[-1].split("</main>", 1)[0]
        text = re.sub(r"<[^>]+>", " ", main)
        found = TECHNICAL.findall(text)
        if found:
            problems.append(f"{name}: technical words for residents {found}")
    assert len(pages) >= 14
    assert not problems, "\n".join(problems)


@pytest.mark.htmlcheck
def test_pages_are_valid_html(pages, tmp_path):
    if not VNU_JAR.exists() or shutil.which("java") is None:
        pytest.fail("The W3C Nu checker needs Java and vnu.jar (cd tools/vnu && npm install)")
    for name, (_status, html, _headers) in pages.items():
        (tmp_path / f"{name}.html").write_text(html, encoding="utf-8")
    proc = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(proc.stderr or proc.stdout or '{"messages": []}')
    problems = [
        f"{Path(m.get('url', '')).name}: line {m.get('lastLine')}: {m.get('message')}"
        for m in report.get("messages", [])
        if m.get("type") == "error"
    ]
    assert not problems, "\n".join(problems)
