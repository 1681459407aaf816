"""tasks' vocabulary: a task's state and kind, the taxes a month's amounts are for.

Each is a Choice (a StrEnum whose members carry a label to translate where shown); the
columns holding them have CHECK constraints. A kind also names the title its tasks get,
an English message id with the company and the month, translated for whoever reads it.
"""

from __future__ import annotations

from intake.i18n import N_
from intake.vocabulary import Choice


class TaskState(Choice):
    """Where a task is: to do, done, or no longer needed."""

    OPEN = "open", N_("open")
    DONE = "done", N_("done")
    CANCELLED = "cancelled", N_("cancelled")


class TaskKind(Choice):
    """What a task asks for."""

    CALCULATE_TAX = "calculate_tax", N_("calculate tax")
    RECALCULATE_TAX = "recalculate_tax", N_("recalculate tax")
    SEND_DECLARATION = "send_declaration", N_("file the returns")
    REMIND_CLIENT = "remind_client", N_("remind the client")
    COLLECT_DOCUMENTS = "collect_documents", N_("collect documents")
    PIT_ADVANCE = "pit_advance", N_("PIT advance")
    ZUS = "zus", N_("ZUS contributions")
    VAT_REPORT = "vat_report", N_("VAT report")
    INCOME_TAX_ADVANCE = "income_tax_advance", N_("income-tax advance")
    FOLLOW_UP = "follow_up", N_("follow-up")
    ESCALATION = "escalation", N_("escalation")
    OTHER = "other", N_("other work")


# A task of these kinds is done with the month's amounts, which the client is told.
TAX_KINDS = (TaskKind.CALCULATE_TAX, TaskKind.RECALCULATE_TAX)

# Each kind's title: %(company)s is the company's name, %(month)s its month ('12/2026').
TITLES: dict[TaskKind, str] = {
    TaskKind.CALCULATE_TAX: N_("Calculate tax: %(company)s, %(month)s"),
    TaskKind.RECALCULATE_TAX: N_("Recalculate tax (late documents): %(company)s, %(month)s"),
    TaskKind.SEND_DECLARATION: N_("File the returns (JPK_V7): %(company)s, %(month)s"),
    TaskKind.REMIND_CLIENT: N_("Remind the client to approve: %(company)s, %(month)s"),
    TaskKind.COLLECT_DOCUMENTS: N_("Collect documents: %(company)s, %(month)s"),
    TaskKind.PIT_ADVANCE: N_("PIT advance by the 20th: %(company)s, %(month)s"),
    TaskKind.ZUS: N_("ZUS contributions by the 20th: %(company)s, %(month)s"),
    TaskKind.VAT_REPORT: N_("VAT report: %(company)s, %(month)s"),
    TaskKind.INCOME_TAX_ADVANCE: N_("Income-tax advance: %(company)s, %(month)s"),
}


class TaxCode(Choice):
    """A tax or contribution a month's amounts are for."""

    VAT = "VAT", N_("VAT")
    PIT = "PIT", N_("PIT advance")
    CIT = "CIT", N_("CIT advance")
    ZUS = "ZUS", N_("ZUS contributions")


class AssigneeRule(Choice):
    """Who does a template's task."""

    ACCOUNTANT = "accountant", N_("the company's accountant")
    PERSON = "person", N_("a named person")
    ROLE = "role", N_("someone of a role")


class DueRule(Choice):
    """When a template's task is due."""

    NONE = "none", N_("no due date")
    AFTER_PREVIOUS = "after_previous", N_("N days after the task before it")
    DAY_OF_MONTH = "day_of_month", N_("day N of the month after the work month")
    BEFORE_DEADLINE = "before_deadline", N_("N days before a statutory deadline")


class AfterAction(Choice):
    """What happens to a template's task left undone N days after it was due."""

    FOLLOW_UP = "follow_up", N_("a follow-up for the same person")
    ESCALATE = "escalate", N_("an escalation to the owner")


class CommentKind(Choice):
    """What a line in a task's log records."""

    COMMENT = "comment", N_("comment")
    POSTPONED = "postponed", N_("postponed")
    ASSIGNED = "assigned", N_("reassigned")


class BoardState(Choice):
    """A task's place on the board: not started yet, to do, past its day, finished."""

    PLANNED = "planned", N_("planned")
    OPEN = "open", N_("open")
    OVERDUE = "overdue", N_("overdue")
    DONE = "done", N_("done")


class ApprovalState(Choice):
    """Where a month's amounts stand with the client's approval."""

    NOT_ASKED = "not_asked", N_("no approval asked")
    WAITING = "waiting", N_("waiting for approval")
    APPROVED = "approved", N_("approved")
