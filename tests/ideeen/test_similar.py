"""Fewer duplicates (issue 16 point 5): similar public ideas before the preview, with
"Steun dit idee" that keeps the draft; the live fragment is read only. Runs on SQLite and
on PostgreSQL (TEST_DATABASE_URL)."""

from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa
from factories import make_user
from helpers import csrf_token
from ideeen.factories import STATES, make_idee
from PIL import Image

from open_nijmegen.core.models import Follow, Upload
from open_nijmegen.core.wijken import Wijk
from open_nijmegen.extensions import db
from open_nijmegen.ideeen import similar_views
from open_nijmegen.ideeen.models import Idee, Steun, Thema
from open_nijmegen.ideeen.search import similar_words

TITEL = "Meer bomen op het Plein 1944"
TEKST = "Het plein is erg stenig en heet in de zomer. Zet er bomen en bloembakken neer."
LIKE = "Bomen en bankjes op het Plein 1944"
LIKE_TEXT = "Op het plein staan geen bomen. Er is geen schaduw. Plant bomen bij de bankjes."


def _html(response):
    return response.get_data(as_text=True)


def _draft(**extra):
    data = {
        "titel": TITEL,
        "tekst": TEKST,
        "wijk_id": str(db.session.scalar(sa.select(Wijk.id).order_by(Wijk.id))),
        "thema_id": str(db.session.scalar(sa.select(Thema.id).order_by(Thema.id))),
        "adres": "Plein 1944",
    }
    data.update(extra)
    return data


def _similar_ids(html):
    """The ids in the similar-ideas list (its data-ids), [] when there is no list."""
    match = re.search(r'class="site-gelijkend" [^>]*data-ids="([\d,]*)"', html)
    return [int(i) for i in match.group(1).split(",") if i] if match else []


def _preview(client, token, **extra):
    return client.post(
        "/ideeen/nieuw", data={"csrf_token": token, "actie": "voorbeeld", **_draft(**extra)}
    )


def _steunen(idee_id):
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Steun).where(Steun.idee_id == idee_id)
    )


# -- words ---------------------------------------------------------------------------------


def test_search_words_leave_out_stopwords_and_short_words():
    assert similar_words("Meer bomen in de wijk", "") == ["bomen", "wijk"]
    assert similar_words("Een idee", "Er is te weinig schaduw op het plein") == [
        "schaduw",
        "weinig",
        "plein",
    ]
    assert similar_words("", "") == []
    assert len(similar_words(" ".join(f"woord{i}" for i in range(50)), "")) == 12


# -- shown before the preview ------------------------------------------------------------


def test_similar_public_ideas_are_shown_above_the_preview(client, login):
    like = make_idee(titel=LIKE, tekst=LIKE_TEXT)
    other = make_idee(titel="Fietsenstalling bij het station", tekst="Er zijn te weinig rekken.")
    login(make_user())
    response = _preview(client, csrf_token(client, "/ideeen/nieuw"))
    assert response.status_code == 200
    html = _html(response)
    assert _similar_ids(html) == [like.id]
    assert "Lijkt uw idee op een idee dat er al is?" in html
    assert html.index("site-gelijkend") < html.index('id="voorbeeld-titel"')
    assert f'href="/ideeen/{like.id}-{like.slug}"' in html
    assert f'href="/ideeen/{other.id}-' not in html
    assert f'form="voorbeeld-form" name="steun" value="{like.id}"' in html
    assert "Steun dit idee" in html and "Mijn idee is anders, ga verder" in html
    assert "0 steunen" in html and "Hatert" in html  # support count and wijk


def test_no_list_when_nothing_is_alike(client, login):
    make_idee(titel="Fietsenstalling bij het station", tekst="Er zijn te weinig rekken hier.")
    login(make_user())
    html = _html(_preview(client, csrf_token(client, "/ideeen/nieuw")))
    assert "Voorbeeld van uw idee" in html
    assert 'class="site-gelijkend"' not in html


@pytest.mark.parametrize("state", [s for s in STATES if s != "openbaar"])
def test_hidden_withdrawn_and_waiting_ideas_are_never_shown(client, login, state):
    hidden = make_idee(state, titel=LIKE, tekst=LIKE_TEXT)
    login(make_user())
    html = _html(_preview(client, csrf_token(client, "/ideeen/nieuw")))
    assert "Voorbeeld van uw idee" in html
    assert hidden.id not in _similar_ids(html)
    assert LIKE not in html
    fragment = _html(client.get("/ideeen/nieuw/lijkt-op", query_string={"titel": TITEL}))
    assert LIKE not in fragment


def test_at_most_five_the_most_alike_first(client, login):
    ideas = [
        make_idee(titel=f"Bomen op het Plein 1944, deel {i}", tekst=LIKE_TEXT) for i in range(7)
    ]
    closest = make_idee(titel=TITEL, tekst=TEKST)
    login(make_user())
    html = _html(_preview(client, csrf_token(client, "/ideeen/nieuw")))
    shown = _similar_ids(html)
    assert len(shown) == 5
    assert shown[0] == closest.id
    assert set(shown) <= {i.id for i in ideas} | {closest.id}


def test_own_ideas_are_not_shown(client, login):
    user = make_user()
    mine = make_idee(author=user, titel=LIKE, tekst=LIKE_TEXT)
    login(user)
    html = _html(_preview(client, csrf_token(client, "/ideeen/nieuw")))
    assert mine.id not in _similar_ids(html)


# -- "Steun dit idee" keeps the draft ----------------------------------------------------


def _photo():
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 40)).save(out, format="PNG")
    return out.getvalue()


def test_supporting_from_the_preview_keeps_the_draft(client, login):
    like = make_idee(titel=LIKE, tekst=LIKE_TEXT)
    user = make_user()
    login(user)
    token = csrf_token(client, "/ideeen/nieuw")
    first = client.post(
        "/ideeen/nieuw",
        data={
            "csrf_token": token,
            "actie": "voorbeeld",
            **_draft(),
            "foto": (io.BytesIO(_photo()), "plein.png"),
        },
        content_type="multipart/form-data",
    )
    assert first.status_code == 200
    upload = db.session.scalar(sa.select(Upload))
    assert upload is not None
    # The preview form sends the draft (hidden fields) with the chosen idea.
    response = client.post(
        "/ideeen/nieuw",
        data={
            "csrf_token": token,
            "stap": "voorbeeld",
            "steun": str(like.id),
            **_draft(),
            "upload_id": str(upload.id),
        },
    )
    assert response.status_code == 200
    html = _html(response)
    assert _steunen(like.id) == 1
    assert db.session.get(Idee, like.id).support_count == 1
    assert db.session.scalar(
        sa.select(Follow).where(Follow.object_id == like.id, Follow.user_id == user.id)
    )
    assert "Bedankt voor uw steun" in html and "Uw eigen idee is nog niet geplaatst" in html
    # The same preview, with everything typed and the photo.
    assert "Voorbeeld van uw idee" in html
    assert TITEL in html and "bloembakken neer" in html and "Plein 1944" in html
    assert f'name="upload_id" value="{upload.id}"' in html
    assert "U steunt dit idee." in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Idee)) == 1
    # And the own idea can still be placed, with its photo.
    done = client.post(
        "/ideeen/nieuw",
        data={"csrf_token": token, "actie": "plaatsen", **_draft(), "upload_id": str(upload.id)},
    )
    assert done.status_code == 302
    mine = db.session.scalar(sa.select(Idee).where(Idee.author_id == user.id))
    assert mine.titel == TITEL and mine.image_id == upload.id


def test_supporting_from_the_form_keeps_what_was_typed(client, login):
    """The live list on the form: the whole form is sent, also when it is not finished."""
    like = make_idee(titel=LIKE, tekst=LIKE_TEXT)
    login(make_user())
    token = csrf_token(client, "/ideeen/nieuw")
    response = client.post(
        "/ideeen/nieuw",
        data={"csrf_token": token, "steun": str(like.id), **_draft(tekst="Nog niet af")},
    )
    assert response.status_code == 200
    html = _html(response)
    assert _steunen(like.id) == 1
    assert "Bedankt voor uw steun" in html
    assert f'value="{TITEL}"' in html and "Nog niet af" in html
    assert "Er gaat iets mis" not in html  # nothing went wrong: no error summary
    assert 'id="idee-form"' in html


def test_supporting_without_csrf_token_changes_nothing(client, login):
    like = make_idee(titel=LIKE, tekst=LIKE_TEXT)
    login(make_user())
    response = client.post(
        "/ideeen/nieuw", data={"stap": "voorbeeld", "steun": str(like.id), **_draft()}
    )
    assert response.status_code == 400  # refused by the site-wide CSRF check
    assert _steunen(like.id) == 0


@pytest.mark.parametrize("state", ["verborgen", "wacht", "ingetrokken"])
def test_supporting_a_non_public_idea_is_refused_and_keeps_the_draft(client, login, state):
    hidden = make_idee(state, titel=LIKE, tekst=LIKE_TEXT)
    login(make_user())
    token = csrf_token(client, "/ideeen/nieuw")
    response = client.post(
        "/ideeen/nieuw",
        data={"csrf_token": token, "stap": "voorbeeld", "steun": str(hidden.id), **_draft()},
    )
    assert response.status_code == 200
    html = _html(response)
    assert _steunen(hidden.id) == 0
    assert "Dit idee kunt u niet steunen" in html
    assert LIKE not in html and TITEL in html


def test_supporting_twice_counts_once(client, login):
    like = make_idee(titel=LIKE, tekst=LIKE_TEXT)
    login(make_user())
    token = csrf_token(client, "/ideeen/nieuw")
    data = {"csrf_token": token, "stap": "voorbeeld", "steun": str(like.id), **_draft()}
    client.post("/ideeen/nieuw", data=data)
    again = client.post("/ideeen/nieuw", data=data)
    assert again.status_code == 200
    assert "U steunde dit idee al" in _html(again)
    assert _steunen(like.id) == 1


# -- hostile input -----------------------------------------------------------------------

HOSTILE_TITLES = [
    "x" * 5000,
    "bomen " * 400,
    '"Plein 1944" "bomen',
    "bomen & plein | station",
    "bomen:* plein:*",
    "!bomen !!plein !(x)",
    "bomen AND OR NOT NEAR(plein station) *",
    "bomen' OR 1=1; DROP TABLE idee; --",
    "\u202ebomen\u202c \u0000plein\u200b \ufeffZ\u0351\u0363a\u0338lgo",
    "🌳🌳 bomen 🌳 の 広場 العربية",
    "___ ____ ---- **** ^^^^",
    "bomen\\ plein\\",
    "ǅ ﬁets ß ΣΑΣ İstanbul",
]


@pytest.mark.parametrize("titel", HOSTILE_TITLES)
def test_hostile_titles_give_no_error(client, login, titel):
    like = make_idee(titel=LIKE, tekst=LIKE_TEXT)
    login(make_user())
    token = csrf_token(client, "/ideeen/nieuw")
    preview = client.post(
        "/ideeen/nieuw",
        data={"csrf_token": token, "actie": "voorbeeld", **_draft(titel=titel, tekst=titel)},
    )
    assert preview.status_code in (200, 400)
    fragment = client.get("/ideeen/nieuw/lijkt-op", query_string={"titel": titel, "tekst": titel})
    assert fragment.status_code == 200
    assert "<script" not in _html(fragment)
    supported = client.post(
        "/ideeen/nieuw",
        data={"csrf_token": token, "steun": str(like.id), **_draft(titel=titel, tekst=titel)},
    )
    assert supported.status_code == 200


def test_hostile_titles_still_find_the_idea(client):
    like = make_idee(titel=LIKE, tekst=LIKE_TEXT)
    for titel in ('"bomen" & plein:*', "!bomen | (plein", "bomen' OR 1=1 --"):
        html = _html(client.get("/ideeen/nieuw/lijkt-op", query_string={"titel": titel}))
        assert _similar_ids(html) == [like.id], titel


# -- the live fragment ---------------------------------------------------------------------


def test_fragment_lists_public_ideas_escaped(client):
    hostile = make_idee(titel='Bomen <script>alert("x")</script> op het plein', tekst=LIKE_TEXT)
    response = client.get("/ideeen/nieuw/lijkt-op", query_string={"titel": TITEL})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    html = _html(response)
    assert _similar_ids(html) == [hostile.id]
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "aria-live" not in html  # the live region is the form's, not the fragment's
    assert "Steun dit idee" not in html  # a visitor who is not logged in cannot support


def test_fragment_shows_the_button_that_sends_the_idea_form(client, login):
    like = make_idee(titel=LIKE, tekst=LIKE_TEXT)
    login(make_user())
    html = _html(client.get("/ideeen/nieuw/lijkt-op", query_string={"titel": TITEL}))
    assert f'type="button" data-steun="{like.id}"' in html
    assert 'type="submit"' not in html  # Enter in the title field must never support


def test_fragment_is_read_only(client, login):
    like = make_idee(titel=LIKE, tekst=LIKE_TEXT)
    user = make_user()
    login(user)
    before = (_steunen(like.id), db.session.scalar(sa.select(sa.func.count()).select_from(Follow)))
    response = client.get(
        "/ideeen/nieuw/lijkt-op", query_string={"titel": TITEL, "steun": str(like.id)}
    )
    assert response.status_code == 200 and _similar_ids(_html(response)) == [like.id]
    after = (_steunen(like.id), db.session.scalar(sa.select(sa.func.count()).select_from(Follow)))
    assert before == after == (0, 0)
    assert db.session.get(Idee, like.id).support_count == 0
    assert client.post("/ideeen/nieuw/lijkt-op", data={"titel": TITEL}).status_code == 405
    # Marked read only: the request runs without a transaction and any write is refused.
    assert getattr(similar_views.lijkt_op, "__read_only__", False) is True


def test_fragment_is_rate_limited(client):
    for _ in range(60):
        assert client.get("/ideeen/nieuw/lijkt-op?titel=bomen").status_code == 200
    assert client.get("/ideeen/nieuw/lijkt-op?titel=bomen").status_code == 429


def test_the_form_has_the_live_region_and_its_script(client, login):
    login(make_user())
    html = _html(client.get("/ideeen/nieuw"))
    assert 'id="gelijkend" class="site-gelijkend-live" aria-live="polite"' in html
    assert 'src="/static/js/gelijkend.js"' in html
    assert 'data-url="/ideeen/nieuw/lijkt-op"' in html


def test_supporting_the_own_idea_is_refused_recorded_and_keeps_the_draft(client, login):
    from open_nijmegen.core.refusals import RefusalEvent

    user = make_user()
    mine = make_idee(author=user, titel=LIKE, tekst=LIKE_TEXT)
    login(user)
    token = csrf_token(client, "/ideeen/nieuw")
    response = client.post(
        "/ideeen/nieuw",
        data={"csrf_token": token, "stap": "voorbeeld", "steun": str(mine.id), **_draft()},
    )
    assert response.status_code == 200
    html = _html(response)
    assert "U kunt dit idee nu niet steunen." in html
    assert "Voorbeeld van uw idee" in html and TITEL in html
    assert _steunen(mine.id) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RefusalEvent)) == 1
