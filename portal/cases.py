"""The case desk in the portal: tabs with counts, a case with its answers, acceptance,
internal comments and audit trail, delegation, priority and labels; a conversation made a
case. Desk roles decide who may do what (cases.desk); the pages only ask the domain."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from cases.comments import add_comment
from cases.desk import desk_role, members
from cases.lists import Filters, Tab, returned_to, tab_counts, tab_page
from cases.models import Label
from cases.replies import draft_from, get_template, templates_of
from cases.vocabulary import POWERS, AnswerState, CaseSource, CaseState, Power, Priority
from cases.work import (
    accept,
    assign,
    case_from_thread,
    close,
    get_answer,
    get_case,
    open_case,
    reopen,
    return_answer,
    set_labels,
    set_priority,
    write_answer,
)
from conversations.models import Thread
from intake.errors import IntakeError
from intake.models import Company
from intake.vocabulary import OFFICE_ROLES
from portal.auth import role_required
from portal.db import get_db, get_runtime
from portal.language import say
from portal.talk import office_clients

bp = Blueprint("cases", __name__)


def choice_arg(enum, name: str):
    """Return a query argument as a member of a Choice, or None."""
    value = request.args.get(name, "")
    return enum(value) if value in enum.values() else None


@bp.get("/staff/cases/")
@role_required(*OFFICE_ROLES)
def index():
    """Show one tab of the desk with the counts of all four."""
    session = get_db()
    me = current_user.row
    tab = choice_arg(Tab, "tab") or Tab.MINE
    filters = Filters(
        state=choice_arg(CaseState, "state"),
        priority=choice_arg(Priority, "priority"),
        label_id=request.args.get("label", type=int),
    )
    page = max(1, request.args.get("page", 1, type=int))
    cases = tab_page(session, me, tab, filters, page)
    labels = session.scalars(
        select(Label).where(Label.office_id == me.office_id).order_by(Label.name)
    ).all()
    return render_template(
        "cases/index.html",
        tab=tab,
        tabs=list(Tab),
        counts=tab_counts(session, me),
        cases=cases,
        returned=returned_to(session, me, cases),
        filters=filters,
        labels=labels,
        page=page,
        more=len(cases) == 50,
        states=list(CaseState),
        priorities=list(Priority),
    )


def new_form() -> dict[str, object]:
    """Return what the form of a new case offers."""
    return {
        "clients": office_clients(),
        "priorities": list(Priority),
        "sources": [CaseSource.STAFF, CaseSource.EMAIL],
    }


@bp.route("/staff/cases/new", methods=["GET", "POST"])
@role_required(*OFFICE_ROLES)
def new():
    """Enter a case by hand (a question that came by phone or e-mail)."""
    session = get_db()
    if request.method == "GET":
        return render_template("cases/new.html", error=None, **new_form())
    me = current_user.row
    try:
        company_id = request.form.get("company", type=int)
        company = session.get(Company, company_id) if company_id else None
        if company is not None and company.office_id != me.office_id:
            company = None
        source = CaseSource(request.form.get("source", CaseSource.STAFF))
        case = open_case(
            session,
            me,
            me.office_id,
            title=request.form.get("title", ""),
            body=request.form.get("body", ""),
            source=source if source in (CaseSource.STAFF, CaseSource.EMAIL) else CaseSource.STAFF,
            company=company,
            prospect_name=request.form.get("name") or None,
            prospect_email=(request.form.get("email") or "").strip().lower() or None,
            priority=Priority(request.form.get("priority", Priority.NONE)),
        )
        session.commit()
    except (IntakeError, ValueError) as e:
        session.rollback()
        error = say(e) if isinstance(e, IntakeError) else _("Check the form.")
        return render_template("cases/new.html", error=error, **new_form()), 422
    return redirect(url_for("cases.show", case_id=case.id))


@bp.get("/staff/cases/<int:case_id>")
@role_required(*OFFICE_ROLES)
def show(case_id: int):
    """Show a case: the question, answers, comments, trail and what the reader may do."""
    session = get_db()
    me = current_user.row
    case = get_case(session, me, case_id)
    role = desk_role(session, me)
    thread = session.get(Thread, case.thread_id) if case.thread_id else None
    draft = ""
    used = request.args.get("template", type=int)
    if used:
        amount = None
        try:
            amount = Decimal(request.args.get("amount", "").replace(",", ".").replace(" ", ""))
        except InvalidOperation:
            amount = None
        draft = draft_from(session, me, case, get_template(session, me, used), amount)
    elif case.answers and case.answers[-1].state == AnswerState.RETURNED:
        draft = case.answers[-1].body
    return render_template(
        "cases/case.html",
        case=case,
        thread=thread,
        draft=draft,
        used=used,
        people=members(session, me.office_id),
        role=role,
        can={p: role is not None and p in POWERS[role] for p in Power},
        templates=templates_of(session, me.office_id),
        priorities=list(Priority),
        answer_states=AnswerState,
    )


def done(case_id: int, action):
    """Run an action on a case of the reader's office; commit, or flash why not."""
    session = get_db()
    case = get_case(session, current_user.row, case_id)
    try:
        action(session, case)
        session.commit()
    except IntakeError as e:
        session.rollback()
        flash(say(e), "error")
    return redirect(url_for("cases.show", case_id=case_id))


@bp.post("/staff/cases/<int:case_id>/assign")
@role_required(*OFFICE_ROLES)
def assign_case(case_id: int):
    """Delegate a case to a person of the desk (or take it)."""
    person = request.form.get("person", type=int) or current_user.id
    settings = get_runtime().settings
    return done(case_id, lambda s, case: assign(s, settings, current_user.row, case, person))


@bp.post("/staff/cases/<int:case_id>/answer")
@role_required(*OFFICE_ROLES)
def answer(case_id: int):
    """Answer a case: sent, or to accept for a trainee (a template's files go with it)."""
    rt = get_runtime()

    def act(session, case) -> None:
        files = []
        used = request.form.get("template", type=int)
        if used:
            files = list(get_template(session, current_user.row, used).files)
        written = write_answer(
            session, rt.settings, current_user.row, case, request.form.get("body", ""), files
        )
        if written.state == AnswerState.TO_ACCEPT:
            flash(_("The answer waits for acceptance."), "ok")
        else:
            flash(_("The answer was sent to the client."), "ok")

    return done(case_id, act)


@bp.post("/staff/cases/<int:case_id>/answers/<int:answer_id>/accept")
@role_required(*OFFICE_ROLES)
def accept_answer(case_id: int, answer_id: int):
    """Send an answer waiting for acceptance, as it is or as edited."""
    rt = get_runtime()

    def act(session, case) -> None:
        found = get_answer(session, current_user.row, case, answer_id)
        body = request.form.get("body")
        accept(session, rt.settings, current_user.row, case, found, body)
        flash(_("The answer was sent to the client."), "ok")

    return done(case_id, act)


@bp.post("/staff/cases/<int:case_id>/answers/<int:answer_id>/return")
@role_required(*OFFICE_ROLES)
def return_to_author(case_id: int, answer_id: int):
    """Return an answer to its author with a reason."""
    rt = get_runtime()

    def act(session, case) -> None:
        found = get_answer(session, current_user.row, case, answer_id)
        reason = request.form.get("reason", "")
        return_answer(session, rt.settings, current_user.row, case, found, reason)
        flash(_("The answer went back to its author."), "ok")

    return done(case_id, act)


@bp.post("/staff/cases/<int:case_id>/comment")
@role_required(*OFFICE_ROLES)
def comment(case_id: int):
    """Add an internal comment to the case or to a passage of an answer."""

    def act(session, case) -> None:
        add_comment(
            session,
            current_user.row,
            case,
            request.form.get("body", ""),
            answer_id=request.form.get("answer", type=int),
            passage=request.form.get("passage"),
        )

    return done(case_id, act)


@bp.post("/staff/cases/<int:case_id>/details")
@role_required(*OFFICE_ROLES)
def details(case_id: int):
    """Change a case's priority and labels."""

    def act(session, case) -> None:
        value = request.form.get("priority", case.priority)
        if value in Priority.values():
            set_priority(session, current_user.row, case, Priority(value))
        names = request.form.get("labels", "").split(",")
        set_labels(session, current_user.row, case, names)

    return done(case_id, act)


@bp.post("/staff/cases/<int:case_id>/close")
@role_required(*OFFICE_ROLES)
def close_case(case_id: int):
    """Close a case."""
    return done(case_id, lambda s, case: close(s, current_user.row, case))


@bp.post("/staff/cases/<int:case_id>/reopen")
@role_required(*OFFICE_ROLES)
def reopen_case(case_id: int):
    """Reopen a closed case."""
    return done(case_id, lambda s, case: reopen(s, current_user.row, case))


@bp.post("/staff/conversations/<int:thread_id>/case")
@role_required(*OFFICE_ROLES)
def from_thread(thread_id: int):
    """Turn a client's conversation into a case of the desk."""
    session = get_db()
    case = case_from_thread(session, current_user.row, thread_id)
    session.commit()
    return redirect(url_for("cases.show", case_id=case.id))
