"""The owner's task templates: the office's steps, what follows what, when, for whom."""

from __future__ import annotations

import re

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from intake.errors import IntakeError
from intake.models import Office, User
from intake.vocabulary import OFFICE_ROLES, Role
from portal.auth import role_required
from portal.db import get_db
from portal.language import say
from tasks.models import TaskTemplate
from tasks.policy import get_policy, set_policy
from tasks.templates import delete_template, fill_template, office_templates
from tasks.vocabulary import AfterAction, AssigneeRule, DueRule, TaskKind, TaxCode

bp = Blueprint("task_templates", __name__, url_prefix="/owner/templates")


@bp.get("/")
@role_required(Role.OWNER)
def index():
    """List the office's templates with their chain (installing the defaults on first use)."""
    rows = office_templates(get_db(), current_user.office_id)
    get_db().commit()
    locale = str(get_locale())
    return render_template(
        "task_templates/index.html",
        policy=get_policy(get_db(), current_user.office_id),
        templates=rows,
        reader=locale,
        titles={t.name: t.title_in(locale) for t in rows},
    )


def form_page(template: TaskTemplate | None, error: str | None = None, status: int = 200):
    """Render a template's form (a new one when None), again with what was typed if refused."""
    session = get_db()
    others = [t for t in office_templates(session, current_user.office_id) if t is not template]
    people = session.scalars(
        select(User)
        .where(User.office_id == current_user.office_id, User.role.in_(OFFICE_ROLES))
        .order_by(User.name)
    ).all()
    return render_template(
        "task_templates/edit.html",
        template=template,
        others=others,
        people=people,
        kinds=list(TaskKind),
        rules=list(AssigneeRule),
        roles=list(OFFICE_ROLES),
        due_rules=list(DueRule),
        taxes=list(TaxCode),
        actions=list(AfterAction),
        typed=request.form if error else None,
        error=error,
        reader=str(get_locale()),
    ), status


def own_template(template_id: int) -> TaskTemplate:
    """Return a template of the owner's office, or answer 404."""
    template = get_db().get(TaskTemplate, template_id)
    if template is None or template.office_id != current_user.office_id:
        abort(404)
    return template


@bp.get("/new")
@role_required(Role.OWNER)
def new():
    """Show an empty template form."""
    return form_page(None)


@bp.get("/<int:template_id>")
@role_required(Role.OWNER)
def edit(template_id: int):
    """Show a template's form."""
    return form_page(own_template(template_id))


def form_item() -> dict[str, object]:
    """Return the posted form as a template's JSON form."""
    form = request.form
    monthly_day = form.get("monthly_day", "").strip()
    group = form.get("companies", "").split()
    return {
        "name": form.get("name", ""),
        "title": form.get("title", ""),
        "kind": form.get("kind", ""),
        "assignee": {
            "rule": form.get("assignee_rule", ""),
            "person": form.get("person", ""),
            "role": form.get("role") or None,
        },
        "due": {
            "rule": form.get("due_rule", ""),
            "days": form.get("due_days", "").strip() or 0,
            "tax": form.get("deadline_tax") or None,
        },
        "visible_to_client": "visible_to_client" in form,
        "next": form.getlist("next"),
        "after": {"days": form.get("after_days", "").strip(), "action": form.get("after_action")},
        "monthly": (
            {
                "day": monthly_day,
                "every_months": form.get("every_months") or 1,
                "companies": group or None,
            }
            if monthly_day
            else None
        ),
        "active": "active" in form,
    }


def free_name(taken: set[str], base: str) -> str:
    """Return a template name made of a title, not yet taken in the office."""
    stem = "_".join(re.findall(r"\w+", base.lower()))[:70] or "task"
    name, number = stem, 1
    while name in taken:
        number += 1
        name = f"{stem}_{number}"
    return name


def save(template: TaskTemplate | None):
    """Check and store a posted template; back to the form with the reason when refused."""
    session = get_db()
    office = session.get_one(Office, current_user.office_id)
    names = {t.name for t in office_templates(session, office.id)}
    item = form_item()
    if template is None:  # the name is what files and next steps use; people see titles
        item["name"] = free_name(names, str(item["title"]) or str(item["kind"]))
    names.add(str(item["name"]).strip())
    row = template or TaskTemplate(office_id=office.id, position=len(names))
    old_name = template.name if template else None
    try:
        with session.no_autoflush:
            fill_template(session, office, row, item, names)
        if row.id is None:
            session.add(row)
        if old_name and old_name != row.name:
            for other in office_templates(session, office.id):
                other.next_names = [row.name if n == old_name else n for n in other.next_names]
        session.commit()
    except IntakeError as e:
        session.rollback()
        return form_page(own_template(template.id) if template else None, say(e), 422)
    flash(_("Template saved."), "ok")
    return redirect(url_for("task_templates.index"))


@bp.post("/new")
@role_required(Role.OWNER)
def create():
    """Add a template."""
    return save(None)


@bp.post("/<int:template_id>")
@role_required(Role.OWNER)
def update(template_id: int):
    """Change a template."""
    return save(own_template(template_id))


@bp.post("/<int:template_id>/delete")
@role_required(Role.OWNER)
def delete(template_id: int):
    """Delete a template (its tasks stay; the steps before it no longer lead to it)."""
    session = get_db()
    delete_template(session, current_user.office_id, own_template(template_id).id)
    session.commit()
    flash(_("Template deleted."), "ok")
    return redirect(url_for("task_templates.index"))


@bp.post("/digests")
@role_required(Role.OWNER)
def digests():
    """Switch the daily digests on or off."""
    session = get_db()
    set_policy(
        session,
        current_user.office_id,
        digest_owner="digest_owner" in request.form,
        digest_staff="digest_staff" in request.form,
    )
    session.commit()
    flash(_("Saved."), "ok")
    return redirect(url_for("task_templates.index"))
