from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask import abort, jsonify, render_template
from flask.typing import ResponseReturnValue

from open_nijmegen.core.db_requests import read_only
from open_nijmegen.core.permissions import custom_access, public
from open_nijmegen.core.registry import registry
from open_nijmegen.extensions import db, limiter

if TYPE_CHECKING:
    from open_nijmegen.core.charts import BarChart
    from open_nijmegen.core.resultaten import Bereik, Gebied, Periode


@public
@read_only
def home() -> ResponseReturnValue:
    return render_template(
        "core/home.html",
        home_sections=registry.home_sections,
        home_actions=registry.home_actions,
        open_projects=registry.open_projects(),
        figures=registry.home_figures(),
        **_page("home"),
    )


def _page(slug: str) -> dict[str, object]:
    """The officer-edited text of a fixed page (paginas registers it): title and HTML."""
    return registry.page_text(slug)


@public
@read_only
def over() -> ResponseReturnValue:
    return render_template("paginas/pagina.html", **_page("over"))


@public
@read_only
def privacy() -> ResponseReturnValue:
    from open_nijmegen.privacy.retention import retention_rows

    return render_template("core/privacy.html", retention=retention_rows(), **_page("privacy"))


@public
@read_only
def toegankelijkheid() -> ResponseReturnValue:
    from open_nijmegen.core.controles import read_report

    return render_template(
        "core/toegankelijkheid.html", controles=read_report(), **_page("toegankelijkheid")
    )


@public
@limiter.exempt
def healthz() -> ResponseReturnValue:
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="database onbereikbaar"), 503
    return jsonify(status="ok"), 200


@custom_access
def upload(upload_id: int, name: str) -> ResponseReturnValue:
    """Serve an upload only when the object it belongs to allows the current user to see it."""
    from open_nijmegen.core.models import Upload
    from open_nijmegen.core.uploads import can_view_upload, file_for_name, send_upload

    item = db.session.get(Upload, upload_id)
    stored = file_for_name(item, name) if item is not None else None
    if item is None or stored is None:
        abort(404)
    if not can_view_upload(item):
        abort(404)
    return send_upload(item, name=stored)


def _resultaten_request() -> tuple[Periode, Gebied | None]:
    from flask import request

    from open_nijmegen.core import resultaten as R

    periode = R.parse_periode(request.args.get("jaar"), request.args.get("kwartaal"))
    return periode, R.parse_gebied(request.args.get("gebied"))


@public
@read_only
def resultaten() -> ResponseReturnValue:
    """Verantwoording: what happened with residents' input, per period and area."""
    from open_nijmegen.core import resultaten as R

    periode, gebied = _resultaten_request()
    uitkomst = R.compute(periode, gebied)
    return render_template(
        "core/resultaten.html",
        uitkomst=uitkomst,
        bereik_grafiek=_bereik_grafiek(uitkomst.bereik),
        jaren=R.periodes(),
        kwartalen=R.KWARTAAL_LABELS,
        gebieden=R.areas(),
        min_cel=R.MIN_CEL,
    )


@public
@read_only
def resultaten_csv() -> ResponseReturnValue:
    """The same figures as a CSV (open data): suppressed cells stay empty."""
    from open_nijmegen.core import resultaten as R
    from open_nijmegen.core.csvfile import csv_response

    periode, gebied = _resultaten_request()
    uitkomst = R.compute(periode, gebied)
    plaats = gebied.naam if gebied is not None else "Nijmegen"
    rows = []
    for blok in uitkomst.blokken:
        for c in blok.cijfers:
            waarde = c.openbaar()["waarde"]
            rows.append(
                (
                    uitkomst.periode.label,
                    plaats,
                    blok.titel,
                    c.key,
                    c.label,
                    "" if waarde is None else waarde,
                    c.getoond,
                    c.eenheid,
                )
            )
    return csv_response(
        f"resultaten-{uitkomst.periode.key()}.csv",
        ["periode", "gebied", "onderdeel", "sleutel", "cijfer", "waarde", "getoond", "eenheid"],
        rows,
    )


def _bereik_grafiek(bereik: Bereik | None) -> BarChart | None:
    """The reach per wijk as a bar chart with its table (core.charts)."""
    from flask_babel import gettext as _

    from open_nijmegen.core.charts import bar_chart

    if bereik is None:
        return None
    rows = bereik.rijen
    top = max([r.per_1000 or 0.0 for r in rows] + [1.0])
    return bar_chart(
        "bereik",
        _("Deelnemers per 1.000 inwoners, per wijk"),
        [r.wijk for r in rows],
        [(_("Per 1.000 inwoners"), [r.per_1000 for r in rows])],
        maximum=top,
        fmt=lambda v: "-" if v is None else f"{v:.1f}".replace(".", ","),
        columns=[_("Inwoners"), _("Deelnemers"), _("Per 1.000"), _("Bereik")],
        cells=[
            (
                f"{r.inwoners:,}".replace(",", "."),
                r.deelnemers_getoond,
                r.per_1000_getoond,
                _("weinig bereikt") if r.weinig else _("gewoon"),
            )
            for r in rows
        ],
    )
