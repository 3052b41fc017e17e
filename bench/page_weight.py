"""Page weight on a phone: what a 375 px wide phone (2x screen) loads for the first view of the
main pages of the demo site, against a limit of 150 KB (issue 16).

Counted: the HTML, every stylesheet and script the page links, and the photos that are not
loaded lazily (so in or near the first view), each as the copy from ``srcset`` a 750-pixel
screen picks. Not counted: map tiles (another server) and lazy photos further down. The bytes
are the ones sent to a browser that accepts brotli and gzip, as phones do: the site compresses
stylesheets and scripts (Flask-Compress), not HTML (BREACH). Made on a fresh copy of the demo
data, with the map switched on.

    python bench/page_weight.py
"""

from __future__ import annotations

import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 150 * 1024
SCREEN = 750  # device pixels: 375 CSS pixels on a 2x phone
ACCEPT = {"Accept-Encoding": "br, gzip", "User-Agent": "Mozilla/5.0 (Linux; Android 14) Mobile"}


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.css: list[str] = []
        self.js: list[str] = []
        self.images: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "link" and "stylesheet" in a.get("rel", "").split():
            self.css.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.js.append(a["src"])
        elif tag == "img" and a.get("loading") != "lazy":
            self.images.append(_pick(a))


def _pick(attrs: dict[str, str]) -> str:
    """The srcset candidate a 750-pixel-wide screen picks: the smallest at least that wide."""
    candidates = []
    for part in attrs.get("srcset", "").split(","):
        bits = part.split()
        if len(bits) == 2 and bits[1].endswith("w"):
            candidates.append((int(bits[1][:-1]), bits[0]))
    if not candidates:
        return attrs.get("src", "")
    candidates.sort()
    wide_enough = [c for c in candidates if c[0] >= SCREEN]
    return (wide_enough[0] if wide_enough else candidates[-1])[1]


def main() -> int:
    from open_nijmegen import create_app
    from open_nijmegen.demo import seed_demo
    from open_nijmegen.extensions import db

    folder = Path(tempfile.mkdtemp(prefix="page-weight-"))
    app = create_app(
        {
            "ENV": "test",
            "SECRET_KEY": "w" * 40,
            "DATABASE_URL": f"sqlite:///{folder / 'demo.sqlite'}",
            "UPLOAD_FOLDER": str(folder / "uploads"),
            "MAP_TILE_URL": "https://tiles.example/{z}/{x}/{y}.png",
        }
    )
    with app.app_context():
        db.create_all()
        seed_demo()
        db.session.commit()
        from open_nijmegen.ideeen import queries
        from open_nijmegen.ideeen.models import Idee, Traject

        idee = db.session.scalar(
            queries.public_ideas().where(Idee.image_id.is_not(None)).order_by(Idee.id).limit(1)
        )
        traject = db.session.scalar(db.select(Traject).order_by(Traject.id).limit(1))
        pages = {
            "home": "/",
            "lijst": "/ideeen",
            "idee (met foto)": f"/ideeen/{idee.id}-{idee.slug}",
            "project": f"/projecten/{traject.id}-{traject.slug}",
            "kaart": "/ideeen/kaart",
        }
    client = app.test_client()
    print(f"Page weight on a 375 px phone (2x), first view, bytes sent; limit {LIMIT // 1024} KB")
    print(f"{'page':<18} {'HTML':>8} {'CSS':>8} {'JS':>8} {'photos':>8} {'total':>9}")
    over = 0
    for name, url in pages.items():
        response = client.get(url, headers=ACCEPT)
        assert response.status_code == 200, (url, response.status_code)
        html = response.get_data()
        assets = _Assets()
        assets.feed(html.decode("utf-8"))

        def size(paths: list[str]) -> int:
            total = 0
            for path in dict.fromkeys(paths):  # a file linked twice is loaded once
                got = client.get(path, headers=ACCEPT)
                assert got.status_code == 200, (path, got.status_code)
                total += len(got.get_data())
                got.close()
            return total

        parts = [len(html), size(assets.css), size(assets.js), size(assets.images)]
        total = sum(parts)
        over += total > LIMIT
        print(
            f"{name:<18} " + " ".join(f"{p / 1024:>7.1f}K" for p in parts) + f" {total / 1024:>8.1f}K"
            + ("  OVER" if total > LIMIT else "")
        )  # fmt: skip
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
