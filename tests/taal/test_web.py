"""The checker on the site: the JSON endpoint, the no-JavaScript check button, the CLI."""

from __future__ import annotations

from helpers import csrf_token

B1_TEKST = "Wij maken het park mooier. U kunt meedoen. Kom zaterdag naar het buurthuis."
MOEILIJK = (
    "Teneinde de leefbaarheid in de wijk te bevorderen, wordt derhalve middels deze brief "
    "kenbaar gemaakt dat inzake de herinrichting van het openbaar gebied reeds een aanvang "
    "is gemaakt met de voorbereidende werkzaamheden ten behoeve van de uitvoering."
)


def test_check_endpoint_returns_report(client):
    token = csrf_token(client)
    response = client.post("/taal/check", json={"text": MOEILIJK}, headers={"X-CSRFToken": token})
    assert response.status_code == 200
    data = response.get_json()
    assert data["verdict"] in {"BIJNA", "TE_MOEILIJK"}
    assert any(o["term"] == "teneinde" for o in data["officialese"])


def test_check_endpoint_needs_csrf(client):
    response = client.post("/taal/check", json={"text": B1_TEKST})
    assert response.status_code == 400


def test_check_endpoint_refuses_missing_text(client):
    token = csrf_token(client)
    response = client.post("/taal/check", json={"tekst": 1}, headers={"X-CSRFToken": token})
    assert response.status_code == 400
    assert "tekst" in response.get_json()["error"]


def test_check_endpoint_is_rate_limited(client):
    token = csrf_token(client)
    codes = [
        client.post("/taal/check", json={"text": "a"}, headers={"X-CSRFToken": token}).status_code
        for _ in range(35)
    ]
    assert codes[0] == 200 and codes[-1] == 429


def test_check_endpoint_survives_hostile_text(client):
    token = csrf_token(client)
    hostile = "<script>alert(1)</script>\u202e" + "x" * 100_000
    response = client.post("/taal/check", json={"text": hostile}, headers={"X-CSRFToken": token})
    assert response.status_code == 200


def test_check_button_without_javascript_keeps_text_and_saves_nothing(app, client, login):
    """A reaction form: "Controleer mijn tekst" shows the report and keeps the text."""
    from factories import make_user

    from open_nijmegen.core.models import Reaction
    from open_nijmegen.extensions import db

    user = make_user()
    login(user)
    target_type, target_id = _any_reactable_target(user)
    if target_type is None:
        return _report_only_assertion()
    token = csrf_token(client, "/account")
    response = client.post(
        f"/reacties/{target_type}/{target_id}",
        data={"csrf_token": token, "body": MOEILIJK, "taal_check": "body"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Hoe leesbaar is uw tekst?" in html
    assert "Teneinde de leefbaarheid" in html  # kept
    assert db.session.query(Reaction).count() == 0


def _any_reactable_target(user):  # type: ignore[no-untyped-def]
    """The first module with a reactable object (ideeën) provides one through its factory."""
    try:
        from ideeen.factories import make_idee  # type: ignore[import-not-found]
    except ImportError:
        return None, None
    idee = make_idee()
    return "idee", idee.id


def _report_only_assertion() -> None:
    from flask import render_template_string

    from open_nijmegen.taal import check_text

    html = render_template_string(
        '{% from "taal/_rapport.html" import rapport %}{{ rapport(r) }}', r=check_text(MOEILIJK)
    )
    assert "Hoe leesbaar is uw tekst?" in html


def test_cli_check_and_audit(app, tmp_path):
    path = tmp_path / "tekst.txt"
    path.write_text(MOEILIJK, encoding="utf-8")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["taal", "check", str(path)])
    assert result.exit_code == 0
    assert "teneinde" in result.output.lower()
    result = runner.invoke(args=["taal", "audit"])
    assert result.exit_code == 0
    assert "templates gecontroleerd" in result.output


def test_cli_names_each_word_and_its_line_and_column(app, tmp_path):
    # Issue 15 point 19: the CLI said "Dit is ambtelijke taal. Schrijf liever 'om'" without
    # saying which word, or where.
    path = tmp_path / "brief.txt"
    path.write_text("Beste buren,\nWij schrijven u teneinde u te helpen.\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["taal", "check", str(path)])
    assert result.exit_code == 0
    assert "2:17 teneinde → om" in result.output
    assert '"teneinde" is ambtelijke taal' in result.output


def test_web_report_names_the_word(client):
    from flask import render_template_string

    from open_nijmegen.taal import check_text

    report = check_text("Wij schrijven u teneinde u te helpen. De brief wordt verstuurd.")
    assert report.officialese[0].message.startswith('"teneinde" is ambtelijke taal')
    assert report.passives and '"wordt verstuurd"' in report.passives[0].message
    with client.application.test_request_context():
        html = render_template_string(
            '{% from "taal/_rapport.html" import rapport %}{{ rapport(r) }}', r=report
        )
    assert "&#34;teneinde&#34; is ambtelijke taal" in html or '"teneinde" is ambtelijke' in html


def test_short_labels_are_not_judged_by_the_score():
    from open_nijmegen.taal import Verdict, check_text

    assert check_text("Thema's. Naam. Opslaan.").verdict == Verdict.B1


def test_official_texts_get_a_verdict_and_the_dashboard_counts_them(client, login):
    from factories import make_admin

    from open_nijmegen.core.models import StatusChange
    from open_nijmegen.extensions import db

    admin = make_admin()
    for text in (B1_TEKST, MOEILIJK, ""):
        db.session.add(
            StatusChange(
                object_type="idee", object_id=1, to_status="x", actor_id=admin.id, explanation=text
            )
        )
    db.session.commit()
    verdicts = sorted(str(v) for (v,) in db.session.query(StatusChange.taal_verdict).all())
    assert verdicts == sorted(["B1", "None", check_verdict(MOEILIJK)])
    login(admin)
    html = client.get("/beheer/").get_data(as_text=True)
    assert "1 van 2 teksten zijn op B1-niveau" in html


def check_verdict(text: str) -> str:
    from open_nijmegen.taal import check_text

    return check_text(text).verdict.value
