"""Pages officers edit: shipped text as version 1, save, preview, restore, permissions, and
hostile Markdown that stays inert and bounded."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from factories import make_admin, make_staff, make_user
from helpers import post_form

from open_nijmegen.core.models import AuditLog
from open_nijmegen.extensions import db
from open_nijmegen.paginas.markdown import render
from open_nijmegen.paginas.models import PaginaVersie
from open_nijmegen.paginas.services import history


def _editor():
    return make_staff(areas=["inhoud"])


def test_fixed_pages_show_the_shipped_text_until_someone_changes_it(client):
    for url, words in (
        ("/over", "Wie maakt deze site?"),
        ("/toegankelijkheid", "WCAG 2.1"),
        ("/privacy", "Wat bewaren wij?"),
        ("/", "Op deze website praat u mee"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert words in response.get_data(as_text=True), url
    # The privacy page keeps the parts the site makes from its settings.
    assert "Zo lang bewaren wij uw gegevens" in client.get("/privacy").get_data(as_text=True)


def test_officer_changes_the_over_page_and_residents_see_it(client, login):
    editor = _editor()
    login(editor)
    page = client.get("/beheer/paginas/over")
    assert page.status_code == 200
    assert "Wie maakt deze site?" in page.get_data(as_text=True)  # the shipped text to edit
    response = post_form(
        client,
        "/beheer/paginas/over",
        {
            "titel": "Over Open Nijmegen",
            "tekst": "Wij zijn **de gemeente**.\n\n## Contact\n\nBel 14 024.",
        },
    )
    assert response.status_code == 302
    html = client.get("/over").get_data(as_text=True)
    assert "<strong>de gemeente</strong>" in html
    assert '<h2 class="utrecht-heading-2">Contact</h2>' in html
    assert "Wie maakt deze site?" not in html
    versions = history("over")
    assert [v.nummer for v in versions] == [2, 1]
    assert versions[1].author_id is None and "Wie maakt deze site?" in versions[1].tekst
    assert versions[0].author_id == editor.id
    audit = db.session.scalars(sa.select(AuditLog).where(AuditLog.action == "pagina.opgeslagen"))
    assert [a.actor_id for a in audit] == [editor.id]


def test_restore_puts_an_old_version_back_as_a_new_version(client, login):
    login(_editor())
    post_form(client, "/beheer/paginas/over", {"titel": "Over", "tekst": "Tweede tekst."})
    post_form(client, "/beheer/paginas/over", {"titel": "Over", "tekst": "Derde tekst."})
    response = post_form(client, "/beheer/paginas/over/versies/1/terugzetten")
    assert response.status_code == 302
    assert "Wie maakt deze site?" in client.get("/over").get_data(as_text=True)
    versions = history("over")
    assert [(v.nummer, v.teruggezet_van) for v in versions] == [
        (4, 1),
        (3, None),
        (2, None),
        (1, None),
    ]
    assert post_form(client, "/beheer/paginas/over/versies/99/terugzetten").status_code == 404
    # Restoring the version in force adds nothing.
    assert post_form(client, "/beheer/paginas/over/versies/4/terugzetten").status_code == 404


def test_preview_saves_nothing_and_keeps_the_text(client, login):
    login(_editor())
    text = "# Kop\n\nEen **nieuwe** tekst."
    response = post_form(
        client, "/beheer/paginas/over", {"titel": "Over", "tekst": text, "voorbeeld": "1"}
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Voorbeeld (nog niet opgeslagen)" in html
    assert "<strong>nieuwe</strong>" in html
    assert "# Kop" in html  # still in the textarea
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PaginaVersie)) == 0


def test_an_error_keeps_what_was_typed(client, login):
    login(_editor())
    response = post_form(
        client, "/beheer/paginas/over", {"titel": "", "tekst": "Mijn lange tekst."}
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Vul de titel van de pagina in." in html
    assert "Mijn lange tekst." in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PaginaVersie)) == 0


def test_new_page_at_its_own_address(client, login):
    login(_editor())
    data = {"titel": "Wijkfeest", "slug": "wijkfeest", "tekst": "Kom naar het feest."}
    assert post_form(client, "/beheer/paginas/nieuw", data).status_code == 302
    response = client.get("/p/wijkfeest")
    assert response.status_code == 200
    assert "Kom naar het feest." in response.get_data(as_text=True)
    # The same address again, a fixed page's address, or odd characters: a field error.
    for slug in ("wijkfeest", "over", "Wijk Feest", "../x", "-a"):
        response = post_form(client, "/beheer/paginas/nieuw", {**data, "slug": slug})
        assert response.status_code == 400, slug
        assert "Kom naar het feest." in response.get_data(as_text=True)
    assert client.get("/p/bestaat-niet").status_code == 404
    assert client.get("/p/over").status_code == 301


@pytest.mark.parametrize("who", ["anonymous", "resident", "officer without inhoud"])
def test_only_inhoud_or_beheerder_may_edit(client, login, who):
    if who == "resident":
        login(make_user())
    elif who == "officer without inhoud":
        login(make_staff(areas=["ideeen"]))
    for url in ("/beheer/paginas/", "/beheer/paginas/over", "/beheer/paginas/nieuw"):
        response = client.get(url)
        assert response.status_code in (302, 403), (who, url)
        if who != "anonymous":
            assert response.status_code == 403
    response = post_form(client, "/beheer/paginas/over", {"titel": "X", "tekst": "Y"})
    assert response.status_code in (302, 403)
    assert history("over") == []


def test_beheerder_may_edit(client, login):
    login(make_admin())
    assert client.get("/beheer/paginas/").status_code == 200
    assert (
        post_form(
            client, "/beheer/paginas/home", {"titel": "Welkom", "tekst": "Hallo Nijmegen."}
        ).status_code
        == 302
    )
    html = client.get("/").get_data(as_text=True)
    assert "Hallo Nijmegen." in html and "<title>Welkom" in html


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[klik](javascript:alert(1))",
        "[klik](JaVaScRiPt:alert(1))",
        "![foto](data:image/png;base64,AAAA)",
        "![foto](https://elders.example/x.png)",
        "[klik](//elders.example/)",
        '<a href="https://x" onclick="alert(1)">x</a>',
    ],
)
def test_hostile_markdown_is_inert(hostile):
    html = str(render(hostile))
    tags = re.findall(r"<[a-zA-Z][^>]*>", html)  # text that only looks like HTML is escaped
    assert tags, html
    for tag in tags:
        name = tag[1:].split()[0].rstrip(">")
        assert name in {"p", "a", "img", "strong", "em"}, tag
        assert not re.search(r"\son\w+=", tag), tag
        assert "javascript:" not in tag.lower() and "data:" not in tag, tag
        assert 'src="https://elders' not in tag and 'href="//' not in tag, tag


def test_links_and_site_images_are_kept():
    html = str(render("[Nijmegen](https://www.nijmegen.nl) en ![Het park](/uploads/3/park.jpg)"))
    assert 'href="https://www.nijmegen.nl"' in html and 'rel="nofollow ugc noopener"' in html
    assert 'src="/uploads/3/park.jpg"' in html and 'alt="Het park"' in html


def test_deeply_nested_lists_are_bounded():
    text = "\n".join("  " * i + "- x" for i in range(5000))
    html = str(render(text))
    assert html.count("<ul") <= 25
    text = "- " * 200_000 + "x"  # 400 kB on one line
    assert len(str(render(text))) < 2_000_000


def test_headings_start_at_two():
    html = str(render("# Een\n\n## Twee\n\n### Drie\n\n###### Zes"))
    assert re.search(r"<h2[^>]*>Een</h2>", html) and re.search(r"<h2[^>]*>Twee</h2>", html)
    assert re.search(r"<h3[^>]*>Drie</h3>", html) and re.search(r"<h4[^>]*>Zes</h4>", html)
    assert "<h1" not in html


def test_a_fixed_page_costs_no_query_once_read(client):
    import contextlib

    @contextlib.contextmanager
    def counting():
        seen = []
        listener = lambda *args, **kwargs: seen.append(args[2])  # noqa: E731
        sa.event.listen(db.engine, "before_cursor_execute", listener)
        try:
            yield seen
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", listener)

    client.get("/over")
    with counting() as seen:
        assert client.get("/over").status_code == 200
    assert not [s for s in seen if "pagina" in s], seen
