"""Public pages: the list, an idea, posting and editing, supporting, withdrawing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from open_nijmegen.core.db_requests import read_only
from open_nijmegen.core.forms import parse_id
from open_nijmegen.core.i18n import N_
from open_nijmegen.core.interactions.forms import ReactionForm
from open_nijmegen.core.interactions.services import ReactionTree, is_following
from open_nijmegen.core.permissions import confirmed_required, public
from open_nijmegen.core.ratelimits import POST_LIMIT, user_key
from open_nijmegen.core.refusals import RefusalKind, record_refusal
from open_nijmegen.core.uploads import take_form_upload
from open_nijmegen.extensions import db, limiter
from open_nijmegen.ideeen import permissions, queries, rendering, services, similar_views
from open_nijmegen.ideeen.forms import EmptyForm, IdeeForm
from open_nijmegen.ideeen.models import STATUS_LABELS, Idee, IdeeStatus, Traject
from open_nijmegen.ideeen.phases import FASE_LABELS
from open_nijmegen.ideeen.similar import similar_ideas

SUPPORT_LIMIT = "30 per minute;500 per day"

SORT_LABELS = {
    "nieuw": N_("Nieuwste eerst"),
    "steun": N_("Meeste steun"),
    "reacties": N_("Meeste reacties"),
    "beantwoord": N_("Laatst beantwoord"),
}


def _reference_filters(wijken: list[Any], themas: list[Any]) -> tuple[Any, Any, list[str]]:
    """The wijk and thema asked for, when they exist; a B1 note for each one we left out."""
    ignored = []
    chosen = []
    for name, options, note in (
        ("wijk", wijken, _("Deze wijk kennen we niet. U ziet de ideeën uit alle wijken.")),
        ("thema", themas, _("Dit thema kennen we niet. U ziet de ideeën over alle thema's.")),
    ):
        raw = request.args.get(name, "")
        value = parse_id(raw)
        if value is not None and not any(o.id == value for o in options):
            value = None
        if raw and value is None:
            ignored.append(note)
        chosen.append(value)
    return chosen[0], chosen[1], ignored


@dataclass
class ListPage:
    """One page of the idea list with its filters, shared by the list, a project page and the
    map: the same query string means the same ideas everywhere."""

    filters: queries.ListFilter
    ideas: list[Any]
    next_cursor: str | None
    traject: Traject | None
    wijken: list[queries.Ref]
    themas: list[queries.Ref]
    trajecten: list[queries.Ref]
    generation: int
    count: int
    fixed_traject: bool
    ignored: list[str]

    @property
    def filtered(self) -> bool:
        f = self.filters
        return bool(
            f.wijk_id or f.thema_id or f.status or f.q or (self.traject and not self.fixed_traject)
        )

    def active(self, base_url: str) -> list[tuple[str, str, str]]:
        """(what, value, link without it) for every filter that is on: removable links."""
        args = {k: v for k, v in request.args.items() if k != "na" and v}
        f, shown = self.filters, []
        names = {
            "wijk": (_("Wijk"), next((w.naam for w in self.wijken if w.id == f.wijk_id), None)),
            "thema": (_("Thema"), next((t.naam for t in self.themas if t.id == f.thema_id), None)),
            "status": (_("Status"), str(STATUS_LABELS[f.status]) if f.status else None),
            "traject": (
                _("Project"),
                self.traject.titel if self.traject and not self.fixed_traject else None,
            ),
            "q": (_("Zoekwoorden"), f.q or None),
        }
        for key, (what, value) in names.items():
            if value and key in args:
                rest = {k: v for k, v in args.items() if k != key}
                shown.append((what, value, _with_args(base_url, rest)))
        return shown

    def context(self) -> dict[str, Any]:
        return {
            "ideas": self.ideas,
            "filters": self.filters,
            "wijken": self.wijken,
            "themas": self.themas,
            "trajecten": self.trajecten,
            "traject": self.traject,
            "reference_generation": self.generation,
            "status_labels": STATUS_LABELS,
            "sort_labels": SORT_LABELS,
            "card": rendering.card,
            "filtered": self.filtered,
            "result_count": self.count,
            "fixed_traject": self.fixed_traject,
            "ignored_filters": self.ignored,
        }


def _with_args(base_url: str, args: dict[str, str]) -> str:
    from urllib.parse import urlencode

    return base_url + ("?" + urlencode(args) if args else "")


def list_filters(traject_id: int | None = None, with_location: bool = False) -> ListPage:
    """Read the list's filters from the query string (``traject_id``: fixed by a project
    page) and the first page of ideas that match."""
    wijken = queries.wijk_choices()
    themas = queries.thema_choices()
    trajecten = queries.traject_choices()
    generation = queries.reference_generation()  # of the lists just read
    sort = request.args.get("sort", "nieuw")
    if sort not in SORT_LABELS:
        sort = "nieuw"
    status_raw = request.args.get("status", "")
    status = IdeeStatus(status_raw) if status_raw in {s.value for s in IdeeStatus} else None
    if traject_id is None:
        chosen = next((t for t in trajecten if t.extra == request.args.get("traject")), None)
        traject_id = chosen.id if chosen else None
        fixed = False
    else:
        fixed = True
    traject = db.session.get(Traject, traject_id) if traject_id else None
    wijk_id, thema_id, ignored = _reference_filters(wijken, themas)
    filters = queries.ListFilter(
        wijk_id=wijk_id,
        thema_id=thema_id,
        status=status,
        traject_id=traject.id if traject else None,
        q=request.args.get("q", "")[:200],
        sort=sort,
        with_location=with_location,
    )
    if with_location:
        ideas, next_cursor = queries.idea_list(filters, None, queries.MAP_SIZE)[0], None
    else:
        ideas, next_cursor = queries.idea_list(filters, request.args.get("na"))
    return ListPage(
        filters, ideas, next_cursor, traject, wijken, themas, trajecten, generation,
        queries.list_count(filters), fixed, ignored,
    )  # fmt: skip


@public
@read_only
def index() -> ResponseReturnValue:
    page = list_filters()
    cursor = request.args.get("na")
    args = {k: v for k, v in request.args.items() if k != "na" and v}
    next_url = url_for("ideeen.index", **args, na=page.next_cursor) if page.next_cursor else None
    first_url = url_for("ideeen.index", **args) if cursor else None
    return render_template(
        "ideeen/index.html",
        list_url=url_for("ideeen.index"),
        active_filters=page.active(url_for("ideeen.index")),
        next_url=next_url,
        first_url=first_url,
        project=queries.traject_info(page.traject.id) if page.traject else None,
        **page.context(),
    )


@public
@read_only
def kaart() -> ResponseReturnValue:
    """All ideas with a place on a map (clustered), the same ideas as an accessible list, and
    the list's filters. Without a tile host: the list and a short note."""
    page = list_filters(with_location=True)
    return render_template(
        "ideeen/kaart.html",
        list_url=url_for("ideeen.kaart"),
        active_filters=page.active(url_for("ideeen.kaart")),
        map_size=queries.MAP_SIZE,
        **page.context(),
    )


def _load_visible(idee_id: int, with_traject: bool = True, page: bool = False) -> Any:
    """The public query first; only if that finds nothing, the author's or officer's view.
    Actions load the traject (they check its phase); pages use the cached ``traject_info``
    and (``page``) get a public idea as a plain ``queries.IdeePagina``."""
    idee = (
        queries.public_idea_page(idee_id)
        if page
        else queries.idea_for_page(idee_id, with_traject=with_traject)
    )
    if idee is not None:
        return idee
    idee = queries.idea_for_page(idee_id, public_only=False, with_traject=with_traject)
    if idee is None:
        abort(404)
    if not permissions.can_view(current_user, idee):
        if idee.merged_into_id is not None:
            target = queries.public_idea(idee.merged_into_id)
            if target is not None:
                abort(redirect(target.object_url(), 301))
        abort(404)
    return idee


@public
def short(idee_id: int) -> ResponseReturnValue:
    idee = _load_visible(idee_id, with_traject=False, page=True)
    return redirect(idee.object_url(), 301)


@public
@read_only
def detail(idee_id: int, slug: str) -> ResponseReturnValue:
    idee = _load_visible(idee_id, with_traject=False, page=True)
    if slug != idee.slug:
        return redirect(idee.object_url(), 301)
    traject = queries.traject_info(idee.traject_id)
    fase = traject.fase_op()
    wijk, thema = queries.wijk_ref(idee.wijk_id), queries.thema_name(idee.thema_id)
    author_name = idee.author_name
    # Every value the idea's text part of the page shows: the key of its rendered HTML.
    article_key = (
        idee.id,
        idee.titel,
        idee.tekst,
        idee.status,
        wijk,
        thema,
        traject.id,
        traject.slug,
        traject.titel,
        fase,
        author_name,
        idee.published_at,
        idee.adres,
        idee.image_id,
        idee.lat,
        idee.lon,
    )
    can_react = permissions.can_react(current_user, idee)
    return render_template(
        "ideeen/detail.html",
        idee=idee,
        traject=traject,
        wijk=wijk,
        thema=thema,
        article_key=article_key,
        author_name=author_name,
        fase_label=FASE_LABELS[fase],
        # The counters and answered_at are exact, so empty lists need no query.
        history=queries.public_history(idee) if idee.answered_at is not None else [],
        # Read only when shown: a visitor who is not logged in gets the section remembered
        # under the idea's reactions version (core.interactions.versions).
        tree=ReactionTree("idee", idee.id, idee.reacties_versie, empty=not idee.reaction_count),
        # Only people who may react get the form (and so a session with a CSRF token).
        reaction_form=ReactionForm() if can_react else None,
        following=is_following(current_user, idee),
        supported=services.has_supported(current_user, idee),
        can_support=permissions.can_support(current_user, idee),
        can_react=can_react,
        can_edit=permissions.can_edit(current_user, idee),
        can_withdraw=permissions.can_withdraw(current_user, idee),
        can_report=permissions.can_report(current_user, idee),
        can_follow=permissions.can_follow(current_user, idee),
        is_staff=permissions.is_ideeen_staff(current_user),
        status_labels=STATUS_LABELS,
    )


def _form_choices(form: IdeeForm) -> None:
    form.set_choices(queries.wijk_choices(), queries.thema_choices())


def _data(form: IdeeForm) -> services.IdeeData:
    return services.IdeeData(
        titel=form.titel.data or "",
        tekst=form.tekst.data or "",
        wijk_id=int(form.wijk_id.data),  # one of the choices (validate_wijk_id)
        thema_id=int(form.thema_id.data),
        adres=form.adres.data or None,
        lat=form.lat.data if isinstance(form.lat.data, float) else None,
        lon=form.lon.data if isinstance(form.lon.data, float) else None,
    )


def _posting_traject() -> Any:
    slug = request.values.get("traject")
    traject = queries.traject_by_slug(slug) if slug else queries.standing_traject()
    if traject is None:
        abort(404)
    return traject


@confirmed_required
@limiter.limit(POST_LIMIT, key_func=user_key, methods=["POST"])
def nieuw() -> ResponseReturnValue:
    traject = _posting_traject()
    if not permissions.can_post(current_user, traject):
        flash(_("In dit traject kunt u nu geen idee insturen."), "warning")
        return redirect(url_for("ideeen.index"))
    form = IdeeForm()
    _form_choices(form)
    if request.method == "GET":
        return render_template("ideeen/form.html", form=form, traject=traject, idee=None)
    action = request.form.get("actie", "voorbeeld")
    valid = form.validate_on_submit()
    upload = take_form_upload(form, current_user)
    errors: list[tuple[str | None, str]] = []
    steun_id = parse_id(request.form.get("steun", ""))
    if steun_id is not None and not form.csrf_token.errors:
        # "Steun dit idee" on a similar idea: support it, then back to the same step with
        # the draft exactly as sent (it travels in this POST; the photo as upload_id).
        db.session.commit()  # a photo just stored stays, whatever the support does
        message = similar_views.support_from_draft(steun_id)
        if request.form.get("stap") == "voorbeeld" and valid and not form.foto.errors:
            return _preview(form, traject, upload, message)
        fresh = IdeeForm()  # what was typed, without error messages: nothing went wrong
        _form_choices(fresh)
        fresh.upload_id.data = form.upload_id.data
        return render_template(
            "ideeen/form.html", form=fresh, traject=traject, idee=None, upload=upload,
            steun_bericht=message,
        )  # fmt: skip
    if valid and not form.foto.errors and action == "plaatsen":
        try:
            idee = services.post_idee(current_user, traject, _data(form), upload)
        except services.IdeeError as error:
            errors.append((None, str(error)))
        else:
            db.session.commit()
            if idee.is_published:
                flash(_("Bedankt! Uw idee staat op de site."), "success")
            else:
                flash(
                    _(
                        "Bedankt! Een medewerker kijkt eerst naar uw idee. Daarna komt het op de site."
                    ),
                    "success",
                )
            return redirect(idee.object_url())
    db.session.commit()  # keep a stored photo for the next step
    if valid and not form.foto.errors and not errors and action == "voorbeeld":
        return _preview(form, traject, upload)
    status = 200 if action == "aanpassen" and not form.errors else 400
    return (
        render_template(
            "ideeen/form.html",
            form=form,
            traject=traject,
            idee=None,
            upload=upload,
            extra_errors=errors,
        ),
        status,
    )


def _preview(
    form: IdeeForm, traject: Any, upload: Any, message: tuple[str, str] | None = None
) -> ResponseReturnValue:
    """The preview, with the similar public ideas above it (fewer duplicates)."""
    db.session.commit()  # keep a stored photo (and a support just given)
    data = _data(form)
    return render_template(
        "ideeen/voorbeeld.html",
        form=form,
        traject=traject,
        data=data,
        upload=upload,
        wijk=next(label for value, label in form.wijk_id.choices if value == form.wijk_id.data),
        thema=next(label for value, label in form.thema_id.choices if value == form.thema_id.data),
        gelijkend=similar_ideas(current_user, data.titel, data.tekst),
        steun_bericht=message,
    )


def _own(idee_id: int) -> Idee:
    idee = _load_visible(idee_id)
    if idee.author_id != current_user.id:
        abort(404)
    return idee


@confirmed_required
@limiter.limit(POST_LIMIT, key_func=user_key, methods=["POST"])
def bewerken(idee_id: int) -> ResponseReturnValue:
    idee = _own(idee_id)
    if not permissions.can_edit(current_user, idee):
        flash(
            _("U kunt dit idee niet meer aanpassen. Er is al steun, een reactie of een antwoord."),
            "warning",
        )
        return redirect(idee.object_url())
    form = IdeeForm(obj=idee) if request.method == "GET" else IdeeForm()
    _form_choices(form)
    if request.method == "GET":
        form.wijk_id.data, form.thema_id.data = str(idee.wijk_id), str(idee.thema_id)
        form.upload_id.data = ""
        return render_template("ideeen/form.html", form=form, traject=idee.traject, idee=idee)
    valid = form.validate_on_submit()
    upload = take_form_upload(form, current_user)
    errors: list[tuple[str | None, str]] = []
    if valid and not form.foto.errors:
        try:
            again = services.edit_idee(current_user, idee, _data(form), upload)
            if form.foto_weghalen.data and upload is None:
                services.remove_image(current_user, idee)
        except services.IdeeError as error:
            errors.append((None, str(error)))
        else:
            db.session.commit()
            if again:
                flash(
                    _(
                        "Uw idee is aangepast. Een medewerker kijkt er eerst naar. "
                        "Daarna staat het weer op de site."
                    ),
                    "success",
                )
            else:
                flash(_("Uw idee is aangepast."), "success")
            return redirect(idee.object_url())
    db.session.commit()
    return (
        render_template(
            "ideeen/form.html",
            form=form,
            traject=idee.traject,
            idee=idee,
            upload=upload,
            extra_errors=errors,
        ),
        400,
    )


@confirmed_required
def intrekken(idee_id: int) -> ResponseReturnValue:
    idee = _own(idee_id)
    if not permissions.can_withdraw(current_user, idee):
        flash(_("U kunt dit idee niet meer intrekken."), "warning")
        return redirect(idee.object_url())
    form = EmptyForm()
    if form.validate_on_submit():
        services.withdraw_idee(current_user, idee)
        db.session.commit()
        flash(_("U hebt uw idee ingetrokken. Anderen zien het niet meer."), "success")
        return redirect(idee.object_url())
    return render_template("ideeen/intrekken.html", idee=idee, form=form)


def _support_action(idee_id: int, add: bool) -> ResponseReturnValue:
    idee = _load_visible(idee_id)
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        changed = (
            services.support(current_user, idee)
            if add
            else services.withdraw_support(current_user, idee)
        )
    except services.IdeeError as error:
        db.session.rollback()
        record_refusal(
            RefusalKind.SUPPORT_REFUSED, permissions.support_refusal_reason(current_user, idee)
        )
        flash(str(error), "warning")
        return redirect(idee.object_url())
    db.session.commit()
    if add:
        flash(
            _("Bedankt voor uw steun. U volgt dit idee nu.")
            if changed
            else _("U steunde dit idee al."),
            "success",
        )
    else:
        flash(_("U steunt dit idee niet meer."), "success")
    return redirect(idee.object_url() + "#steun")


@confirmed_required
@limiter.limit(SUPPORT_LIMIT, key_func=user_key)
def steunen(idee_id: int) -> ResponseReturnValue:
    return _support_action(idee_id, True)


@confirmed_required
@limiter.limit(SUPPORT_LIMIT, key_func=user_key)
def steun_intrekken(idee_id: int) -> ResponseReturnValue:
    return _support_action(idee_id, False)


def map_enabled() -> bool:
    return bool(current_app.config.get("MAP_TILE_URL"))
