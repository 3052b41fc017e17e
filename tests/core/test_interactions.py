"""Reactions, follows and reports through the generic blueprint.

No test tables: the target is a plain object returned by a monkeypatched ``load_object`` (the
Ideeën tests use the first real target). Reports use a Reaction itself as the target."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from factories import HOSTILE, make_staff, make_user
from helpers import csrf_token, login_as, post_form

from open_nijmegen.core import objects
from open_nijmegen.core.db import utcnow
from open_nijmegen.core.interactions import services
from open_nijmegen.core.models import AuditLog, Follow, Reaction
from open_nijmegen.extensions import db
from open_nijmegen.moderation.models import Report
from open_nijmegen.notifications.models import OutboxMessage


class FakeTarget:
    """The hooks of a shared object, without a table."""

    __object_type__ = "testdoel"

    def __init__(self, target_id: int = 1) -> None:
        self.id = target_id
        self.open = True
        self.visible = True
        self.changes = 0

    def can_view(self, user) -> bool:
        return self.visible

    def can_react(self, user) -> bool:
        return self.open

    def object_url(self, _external: bool = False) -> str:
        return "/over"

    def object_title(self) -> str:
        return "Een testdoel"

    def on_reactions_changed(self) -> None:
        self.changes += 1


@pytest.fixture()
def target(monkeypatch):
    fake = FakeTarget()
    original = objects.load_object

    def load(object_type, object_id):
        if object_type == "testdoel":
            return fake if object_id == fake.id else None
        return original(object_type, object_id)

    import open_nijmegen.beheer.views as beheer_views
    import open_nijmegen.core.interactions.views as views

    monkeypatch.setattr(objects, "load_object", load)
    monkeypatch.setattr(views, "load_object", load)
    monkeypatch.setattr(beheer_views, "load_object", load)
    monkeypatch.setitem(objects._AREAS, "testdoel", "ideeen")  # moderated by ideeën officers
    monkeypatch.setitem(
        objects._CAPABILITIES, "testdoel", frozenset({objects.REACTABLE, objects.FOLLOWABLE})
    )
    return fake


def _react(client, body: str, parent: int | None = None, target_id: int = 1):
    data = {"body": body}
    if parent is not None:
        data["parent_id"] = str(parent)
    return post_form(client, f"/reacties/testdoel/{target_id}", data)


def _reactions() -> list[Reaction]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Reaction).order_by(Reaction.id)))


def test_post_a_reaction(client, target):
    author = make_user(password="")
    login_as(client, author)
    response = _react(client, f"Goed plan!\u202e {HOSTILE}")
    assert response.status_code == 302
    (reaction,) = _reactions()
    assert response.headers["Location"].endswith(f"/over#reactie-{reaction.id}")
    assert reaction.author_id == author.id
    assert (reaction.object_type, reaction.object_id) == ("testdoel", 1)
    assert "\u202e" not in reaction.body and "<script>" in reaction.body, "stored as plain text"
    assert target.changes == 1


def test_reaction_text_is_escaped_when_shown():
    from open_nijmegen.core.text import plain_to_html

    html = str(plain_to_html(f"{HOSTILE}\n\nzie https://www.nijmegen.nl en javascript:alert(1)"))
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert 'href="https://www.nijmegen.nl"' in html and 'rel="nofollow' in html
    assert 'href="javascript' not in html


def test_links_in_user_text_are_nofollow_ugc_as_the_readme_says():
    import re
    from pathlib import Path

    from open_nijmegen.core.text import plain_to_html

    html = str(plain_to_html("Kijk op https://www.nijmegen.nl/wijken en http://example.org"))
    rels = re.findall(r'<a [^>]*rel="([^"]*)"', html)
    assert len(rels) == 2
    for rel in rels:
        assert rel.split() == ["nofollow", "ugc", "noopener"]
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert 'rel="nofollow ugc noopener"' in readme


def test_reaction_errors_keep_the_text_and_show_a_summary(client, target):
    login_as(client, make_user(password=""))
    long_text = "Een lange reactie <b>vet</b> " + "x" * 5000
    response = _react(client, long_text)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Er gaat iets mis" in html and 'href="#body"' in html
    assert "Een lange reactie &lt;b&gt;vet&lt;/b&gt;" in html
    textarea = re.search(r"<textarea[^>]*id=\"body\"[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in textarea and "body-fout" in textarea
    empty = _react(client, "   ")
    assert empty.status_code == 400 and "Schrijf eerst uw reactie." in empty.get_data(as_text=True)
    assert _reactions() == []


def test_closed_target_refuses_reactions(client, target):
    target.open = False
    login_as(client, make_user(password=""))
    response = _react(client, "Mag dit nog?")
    assert response.status_code == 400
    assert "U kunt hier nu niet reageren." in response.get_data(as_text=True)
    assert _reactions() == []


def test_unknown_or_invisible_target_is_404(client, target):
    login_as(client, make_user(password=""))
    assert _react(client, "Hallo", target_id=2).status_code == 404
    assert post_form(client, "/reacties/bestaat-niet/1", {"body": "x"}).status_code == 404
    target.visible = False
    assert _react(client, "Hallo").status_code == 404
    assert _reactions() == []


def test_anonymous_and_unconfirmed_cannot_react(client, target, app):
    anonymous = _react(client, "Hallo")
    assert urlsplit(anonymous.headers["Location"]).path == "/account/inloggen"
    other = app.test_client()
    login_as(other, make_user(confirmed=False, password=""))
    unconfirmed = _react(other, "Hallo")
    assert urlsplit(unconfirmed.headers["Location"]).path == "/account/bevestigen"
    assert _reactions() == []


def test_replies_are_one_level_deep(client, target):
    login_as(client, make_user(password=""))
    _react(client, "Eerste")
    top = _reactions()[0]
    _react(client, "Antwoord", parent=top.id)
    reply = _reactions()[1]
    _react(client, "Antwoord op antwoord", parent=reply.id)
    deeper = _reactions()[2]
    assert reply.parent_id == top.id and deeper.parent_id == top.id
    tree = services.reaction_tree("testdoel", 1)
    assert [(t.id, [r.id for r in rs]) for t, rs in tree] == [(top.id, [reply.id, deeper.id])]
    bad = _react(client, "Verkeerde ouder", parent=999)
    assert bad.status_code == 400
    assert "bestaat niet meer" in bad.get_data(as_text=True)


def test_reactions_are_rate_limited(client, target):
    login_as(client, make_user(password=""))
    token = csrf_token(client)
    for n in range(10):
        response = client.post("/reacties/testdoel/1", data={"csrf_token": token, "body": f"{n}"})
        assert response.status_code == 302
    limited = client.post("/reacties/testdoel/1", data={"csrf_token": token, "body": "11"})
    assert limited.status_code == 429
    assert "Even wachten" in limited.get_data(as_text=True)
    assert len(_reactions()) == 10


def test_edit_and_delete_own_reaction_within_the_window(client, target, app):
    author = make_user(password="")
    login_as(client, author)
    _react(client, "Eerst zo")
    (reaction,) = _reactions()
    assert client.get(f"/reacties/{reaction.id}/bewerken").status_code == 200
    edited = post_form(client, f"/reacties/{reaction.id}/bewerken", {"body": "Nu zo"})
    assert edited.status_code == 302
    assert _reactions()[0].body == "Nu zo" and _reactions()[0].edited_at is not None

    stranger = app.test_client()
    login_as(stranger, make_user(password=""))
    assert stranger.get(f"/reacties/{reaction.id}/bewerken").status_code == 404
    assert post_form(stranger, f"/reacties/{reaction.id}/verwijderen", {}).status_code == 404

    assert client.get(f"/reacties/{reaction.id}/verwijderen").status_code == 200
    assert _reactions()[0].deleted_at is None, "a GET deletes nothing"
    deleted = post_form(client, f"/reacties/{reaction.id}/verwijderen", {})
    assert deleted.status_code == 302
    assert _reactions()[0].deleted_at is not None
    assert services.reaction_tree("testdoel", 1) == []


def test_edit_window_closes(client, target):
    author = make_user(password="")
    login_as(client, author)
    _react(client, "Oud")
    reaction = _reactions()[0]
    reaction.created_at = utcnow() - timedelta(minutes=16)
    db.session.commit()
    response = post_form(client, f"/reacties/{reaction.id}/bewerken", {"body": "Te laat"})
    assert response.status_code == 302
    assert _reactions()[0].body == "Oud"


def test_report_a_reaction_once_and_staff_hide_it(client, target, app):
    author = make_user(password="", email="schrijver@example.org")
    login_as(client, author)
    _react(client, "Iets lelijks")
    reaction = _reactions()[0]

    reporter = app.test_client()
    login_as(reporter, make_user(password=""))
    page = reporter.get(f"/melden/reactie/{reaction.id}")
    assert page.status_code == 200
    for _ in range(2):
        sent = post_form(
            reporter,
            f"/melden/reactie/{reaction.id}",
            {"reason": "beledigend", "explanation": f"Uitleg {HOSTILE}"},
        )
        assert sent.status_code == 302
    reports = db.session.scalars(sa.select(Report)).all()
    assert len(reports) == 1, "one open report per person"
    assert "\u202e" not in reports[0].explanation

    bad = post_form(reporter, f"/melden/reactie/{reaction.id}", {"reason": "onzin"})
    assert bad.status_code == 400 and 'href="#reason"' in bad.get_data(as_text=True)

    staff = app.test_client()
    officer = make_staff(password="")
    login_as(staff, officer)
    queue = staff.get("/beheer/meldingen").get_data(as_text=True)
    assert "Iets lelijks" in queue
    done = post_form(
        staff,
        f"/beheer/meldingen/reactie/{reaction.id}",
        {"besluit": "verbergen", "reden": "Dit is beledigend."},
    )
    assert done.status_code == 302
    hidden = _reactions()[0]
    assert hidden.hidden_at is not None and hidden.hidden_by_id == officer.id
    db.session.expire_all()
    assert all(r.resolved_at is not None for r in db.session.scalars(sa.select(Report)))
    actions = db.session.scalars(sa.select(AuditLog.action)).all()
    assert "moderation.verbergen" in actions
    mail = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.recipient == "schrijver@example.org")
    ).all()
    assert [m.subject for m in mail] == ["Uw bijdrage is verborgen"]
    assert services.reaction_tree("testdoel", 1) == []
    assert reporter.get(f"/melden/reactie/{reaction.id}").status_code == 404

    # Hidden by mistake: the officer shows it again, from the same page. Not for residents.
    queue = staff.get("/beheer/meldingen").get_data(as_text=True)
    assert "Verborgen reacties" in queue and "Dit is beledigend." in queue
    tonen = f"/beheer/verborgen/reactie/{reaction.id}/tonen"
    assert staff.get(tonen).status_code == 405, "a GET changes nothing"
    assert post_form(reporter, tonen, {}).status_code in (403, 404)
    assert _reactions()[0].hidden_at is not None
    shown = post_form(staff, tonen, {})
    assert shown.status_code == 302
    again = _reactions()[0]
    assert again.hidden_at is None and again.hidden_reason is None and again.hidden_by_id is None
    assert [t.id for t, _ in services.reaction_tree("testdoel", 1)] == [reaction.id]
    assert target.changes >= 2, "the target's counter hook ran on hide and on show"
    assert "moderation.weer_tonen" in db.session.scalars(sa.select(AuditLog.action)).all()
    subjects = db.session.scalars(
        sa.select(OutboxMessage.subject).where(OutboxMessage.recipient == "schrijver@example.org")
    ).all()
    assert "Uw reactie is weer te zien" in subjects
    assert post_form(staff, tonen, {}).status_code == 404, "not hidden (any more)"


def test_follow_and_unfollow(client, target):
    user = make_user(password="")
    login_as(client, user)
    assert post_form(client, "/volgen/testdoel/1", {"volgen": "1"}).status_code == 302
    assert services.is_following(user, target)
    assert post_form(client, "/volgen/testdoel/1", {"volgen": "0"}).status_code == 302
    assert not services.is_following(user, target)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Follow)) == 1


def test_unsubscribe_link_one_click_without_login_or_csrf(client, target, app):
    follower = make_user(email="volger@example.org", password="")
    services.set_follow(follower, target, True)
    db.session.commit()
    with app.test_request_context():
        assert services.notify_followers(target, "accounts/wachtwoord_gewijzigd", "Nieuws") == 1
    db.session.commit()
    message = db.session.scalars(sa.select(OutboxMessage)).one()
    link = message.headers["List-Unsubscribe"].strip("<>")
    assert link.startswith("http://open-nijmegen.test/volgen/stoppen/")
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = urlsplit(link).path

    page = client.get(path)
    assert page.status_code == 200
    assert services.is_following(follower, target), "a GET changes nothing"
    tampered = client.post(path[:-2] + ("AA" if not path.endswith("AA") else "BB"))
    assert tampered.status_code == 400
    assert services.is_following(follower, target)
    done = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert not services.is_following(follower, target)


def test_unsubscribe_token_is_bound_to_the_follower(client, target):
    from open_nijmegen.accounts.passwords import make_token

    owner = make_user(password="")
    other = make_user(password="")
    row = services.set_follow(owner, target, True)
    db.session.commit()
    forged = make_token("volgen-stoppen", {"f": row.id, "u": other.id})
    assert client.post(f"/volgen/stoppen/{forged}").status_code == 400
    assert services.is_following(owner, target)


def test_followers_without_email_get_no_mail(target, app):
    no_mail = make_user(email=None, password="")
    services.set_follow(no_mail, target, True)
    db.session.commit()
    with app.test_request_context():
        assert services.notify_followers(target, "accounts/wachtwoord_gewijzigd", "Nieuws") == 0


PLACEHOLDER = "Deze reactie is verborgen door de moderator."


def _section(target_obj, user=None) -> str:
    from flask import render_template_string

    tree = services.reaction_tree(target_obj.__object_type__, target_obj.id)
    return render_template_string(
        '{% from "interactions/_reacties.html" import section %}'
        "{{ section(target, tree, None, False, None) }}",
        target=target_obj,
        tree=tree,
    )


def test_replies_under_a_hidden_reaction_stay_visible(app, target):
    # Issue 15 point 16: hiding a reaction silently hid the innocent replies under it.
    rude, kind = make_user(name="Boze Bert"), make_user(name="Vriendelijke Vera")
    top = services.add_reaction(rude, target, "Iets wat niet netjes is.")
    reply = services.add_reaction(kind, target, "Laten we rustig blijven.", parent_id=top.id)
    other = services.add_reaction(kind, target, "Een gewone reactie.")
    top.hide(None, "Scheldwoord")
    db.session.commit()
    tree = services.reaction_tree("testdoel", target.id)
    assert [(t.id, [r.id for r in rs]) for t, rs in tree] == [(top.id, [reply.id]), (other.id, [])]
    placeholder = tree[0][0]
    assert placeholder.is_placeholder and placeholder.body == "" and placeholder.author_name is None
    with app.test_request_context():
        html = _section(target)
    assert PLACEHOLDER in html
    assert "Laten we rustig blijven." in html and "Vriendelijke Vera" in html
    assert "Iets wat niet netjes is." not in html and "Boze Bert" not in html
    heading = re.search(r'id="reacties-titel">([^<]*)<', html).group(1)
    assert "(2)" in heading  # the placeholder is not counted as a reaction
    top.show_again()
    db.session.commit()
    with app.test_request_context():
        assert PLACEHOLDER not in _section(target)
    # A reaction its author deleted keeps its place too, under a line of its own.
    top.deleted_at = utcnow()
    db.session.commit()
    with app.test_request_context():
        html = _section(target)
    assert "Deze reactie is verwijderd door de schrijver." in html
    assert "Laten we rustig blijven." in html and "Iets wat niet netjes is." not in html


def test_the_demo_idea_shows_the_reply_under_its_hidden_reaction(client):
    from open_nijmegen.demo import seed_demo
    from open_nijmegen.ideeen.models import Idee

    seed_demo()
    db.session.commit()

    hidden = db.session.scalar(sa.select(Reaction).where(Reaction.hidden_at.is_not(None)))
    reply = db.session.scalar(sa.select(Reaction).where(Reaction.parent_id == hidden.id))
    assert reply is not None, "the demo data has a reply under its hidden reaction"
    idee = db.session.get(Idee, hidden.object_id)
    html = client.get(f"/ideeen/{idee.id}", follow_redirects=True).get_data(as_text=True)
    assert PLACEHOLDER in html and reply.body in html and hidden.body not in html


def test_the_follow_button_reads_and_looks_different_when_following(app, client, target):
    # Issue 15 point 21: "U volgt dit idee" came with the same "Volgen" button.
    from flask import render_template_string

    login_as(client, make_user())
    macro = (
        '{% from "interactions/_reacties.html" import follow_button %}'
        "{{ follow_button(target, following) }}"
    )
    with app.test_request_context():
        from flask_login import login_user

        login_user(make_user())
        off = render_template_string(macro, target=target, following=False)
        on = render_template_string(macro, target=target, following=True)
    assert ">Volgen</button>" in off and "primary-action" in off
    assert ">Niet meer volgen</button>" in on and "secondary-action" in on
    assert 'name="volgen" value="0"' in on and 'name="volgen" value="1"' in off
