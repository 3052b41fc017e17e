"""Every page's HTML passes the W3C Nu checker (vnu.jar), for every role, including forms in
their error state. All pages go to the checker in one call (the JVM start is slow)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from crawl import crawl, one_per_endpoint
from site_helpers import START, START_EN, client_for, record_check

pytestmark = pytest.mark.htmlcheck

VNU_JAR = os.environ.get(
    "VNU_JAR",
    str(Path(__file__).resolve().parents[2] / "tools/vnu/node_modules/vnu-jar/build/dist/vnu.jar"),
)


def test_every_page_is_valid_html(app, demo_site, tmp_path):
    """Every role in Dutch; in English (issue 20) every page of a visitor who is not logged in,
    and one page per endpoint (and per form error state) of a resident and an officer: their
    Dutch run has checked every state of every page, the English page differs in its words."""
    if not Path(VNU_JAR).exists() or shutil.which("java") is None:
        pytest.fail(
            "The W3C Nu checker needs Java and vnu.jar: "
            "apt-get install -y default-jre-headless && (cd tools/vnu && npm install)"
        )
    files: dict[str, str] = {}
    crawls = [(role, START[role], "nl") for role in START]
    crawls.append(("anoniem-en", START_EN["anoniem"], "en"))
    crawls += [
        (f"{role}-en", START_EN[role], "en") for role in ("inwoner", "participatiemedewerker")
    ]
    for label, start, language in crawls:
        role = label.removesuffix("-en")
        result = crawl(client_for(app, demo_site, role), start, language=language)
        pages = result.pages
        if language != "nl" and role != "anoniem":
            pages = one_per_endpoint(app, pages)
        for i, page in enumerate(pages):
            if not page.headers.get("Content-Type", "").startswith("text/html"):
                continue
            name = f"{label}-{i:03d}.html"
            (tmp_path / name).write_text(page.html, encoding="utf-8")
            files[name] = f"{label} {page.url}"
    assert len(files) >= 10
    for label in ("anoniem-en-", "inwoner-en-", "participatiemedewerker-en-"):
        assert any(name.startswith(label) for name in files), label
    proc = subprocess.run(
        ["java", "-jar", VNU_JAR, "--errors-only", "--format", "json", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(proc.stderr or proc.stdout or '{"messages": []}')
    problems = [
        f"{files.get(Path(m.get('url', '')).name, m.get('url'))}: line {m.get('lastLine')}: {m.get('message')}"
        for m in report.get("messages", [])
        if m.get("type") == "error"
    ]
    record_check("html", "alle rollen", len(files), len(problems), "W3C Nu HTML Checker")
    assert not problems, "\n".join(problems)
