"""The desk's settings and numbers in the portal: desk roles, reply templates (groups,
language variants, files), and the report for a period with CSV and XLSX export."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cases.desk import desk_role, may, members, set_desk_role
from cases.replies import PLACEHOLDERS, get_template, save_template, templates_of
from cases.reports import as_csv, as_xlsx, build_report, parse_day
from cases.vocabulary import POWERS, CaseSource, CaseState, DeskRole, Power, Priority
from cases.work import add_label, labels_of, remove_label
from intake.errors import IntakeError
from intake.vocabulary import OFFICE_ROLES
from portal.auth import role_required
from portal.db import get_db, get_runtime
from portal.language import say, zone_today
from portal.talk import uploads

bp = Blueprint("case_admin", __name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/staff/cases/desk", methods=["GET", "POST"])
@role_required(*OFFICE_ROLES)
def desk():
    """Show the desk's people and their roles; the administrator changes them."""
    session = get_db()
    me = current_user.row
    if request.method == "POST":
        try:
            if request.form.get("new_label") is not None:
                add_label(session, me, request.form.get("new_label", ""))
            elif request.form.get("remove_label"):
                remove_label(session, me, request.form.get("remove_label", 0, type=int))
            else:
                role = DeskRole(request.form.get("role", ""))
                set_desk_role(session, me, request.form.get("person", 0, type=int), role)
            session.commit()
            flash(_("Saved."), "ok")
        except (IntakeError, ValueError) as e:
            session.rollback()
            flash(say(e) if isinstance(e, IntakeError) else _("Check the form."), "error")
        return redirect(url_for("case_admin.desk"))
    return render_template(
        "cases/desk.html",
        people=members(session, me.office_id),
        roles=list(DeskRole),
        manage=may(session, me, Power.MANAGE),
        role=desk_role(session, me),
        powers=list(Power),
        grants=POWERS,
        labels=labels_of(session, me.office_id),
    )


@bp.route("/staff/cases/templates", methods=["GET", "POST"])
@role_required(*OFFICE_ROLES)
def templates():
    """List the reply templates by group; add one."""
    return template_page(None)


@bp.route("/staff/cases/templates/<int:reply_template_id>", methods=["GET", "POST"])
@role_required(*OFFICE_ROLES)
def template(reply_template_id: int):
    """Show and change a reply template."""
    return template_page(reply_template_id)


def template_page(template_id: int | None):
    """Render the templates page, saving the form on POST."""
    session = get_db()
    me = current_user.row
    chosen = get_template(session, me, template_id) if template_id else None
    status = 200
    if request.method == "POST":
        rt = get_runtime()
        try:
            saved = save_template(
                session,
                rt.storage,
                rt.settings.max_upload_mb,
                me,
                group=request.form.get("group", ""),
                name=request.form.get("name", ""),
                bodies={k: request.form.get(f"body_{k}", "") for k in ("pl", "en", "he")},
                uploads=uploads(),
                template=chosen,
            )
            session.commit()
            flash(_("The template was saved."), "ok")
            return redirect(url_for("case_admin.template", reply_template_id=saved.id))
        except IntakeError as e:
            session.rollback()
            flash(say(e), "error")
            status = 422
    return render_template(
        "cases/templates.html",
        templates=templates_of(session, me.office_id),
        chosen=chosen,
        placeholders=PLACEHOLDERS,
        manage=may(session, me, Power.MANAGE),
    ), status


@bp.get("/staff/cases/report")
@role_required(*OFFICE_ROLES)
def report():
    """Show the desk's report for a period; ?format=csv or xlsx downloads it."""
    session = get_db()
    today = zone_today()  # the office's day, not the server's
    try:
        start = parse_day(request.args.get("from") or today.replace(day=1).isoformat())
        end = parse_day(request.args.get("to") or today.isoformat())
    except IntakeError as e:
        flash(say(e), "error")
        start, end = today.replace(day=1), today
    found = build_report(session, current_user.office_id, start, end)
    fmt = request.args.get("format")
    name = f"cases-{start.isoformat()}-{end.isoformat()}"
    if fmt == "csv":
        return download(as_csv(found), "text/csv; charset=utf-8", f"{name}.csv")
    if fmt == "xlsx":
        return download(as_xlsx(found), XLSX, f"{name}.xlsx")
    return render_template("cases/report.html", report=found, named=named(found))


def named(found) -> dict[str, list[tuple[str, int]]]:
    """Return each count's rows with their keys as people call them."""
    kinds = {"source": CaseSource, "state": CaseState, "priority": Priority}
    rows = {}
    for section, counts in found.counts.items():
        enum = kinds.get(section)
        rows[section] = [
            (enum(key).label if enum and key in enum.values() else key, count)
            for key, count in counts.items()
        ]
    return rows


def download(data: bytes, media_type: str, filename: str) -> Response:
    """Return a file as a download."""
    response = Response(data, mimetype=media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
