"""Demo data: an own page with a heading, a list, a link and a photo from the uploads, and the
Over page changed once (so its history has two versions and a restore button). Idempotent."""

from __future__ import annotations

from typing import Any

from open_nijmegen.cli import demo_seeder
from open_nijmegen.extensions import db
from open_nijmegen.paginas import services

EIGEN = "meedoen-zonder-computer"


def _photo() -> str:
    """The address of a demo photo that is already public (an idea's photo), if there is one."""
    import sqlalchemy as sa
    from flask import current_app

    from open_nijmegen.core.models import Upload
    from open_nijmegen.core.uploads import can_view_upload

    images = sa.select(Upload).where(Upload.content_type.like("image/%")).order_by(Upload.id)
    with current_app.test_request_context():  # as an anonymous visitor sees it
        for item in db.session.scalars(images.limit(50)):
            if can_view_upload(item):
                return f"/uploads/{item.id}/{item.stored_name}"
    return ""


@demo_seeder(order=90)
def seed_paginas(users: dict[str, Any]) -> None:
    if services.find(EIGEN) is not None:
        return
    editor = users.get("participatiemedewerker")
    if editor is None:
        return
    photo = _photo()
    tekst = (
        "Hebt u geen computer? Of vindt u het lastig? U kunt toch meedoen.\n\n"
        "## Zo doet u mee\n\n"
        "- Kom naar het **wijkcentrum**. Een medewerker helpt u.\n"
        "- Bel de gemeente op 14 024. Wij zetten uw idee dan voor u op de site.\n"
        "- Vul een papieren formulier in. Dat ligt in de bibliotheek.\n\n"
        "Meer over de gemeente leest u op [de site van de gemeente](https://www.nijmegen.nl)."
    )
    if photo:
        tekst += f"\n\n![Inwoners praten samen aan een tafel]({photo})"
    services.save(editor, EIGEN, "Meedoen zonder computer", tekst)
    over = services.current("over")
    assert over is not None
    services.save(
        editor,
        "over",
        over.titel,
        over.tekst + "\n\n## Meedoen zonder computer\n\n"
        f"Dat kan ook. Lees [hoe u zonder computer meedoet](/p/{EIGEN}).",
    )
    db.session.flush()
