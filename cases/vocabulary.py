"""cases' vocabulary: a case's state, priority and source, desk roles, answer states, the
audit trail's kinds and the kinds of public forms."""

from __future__ import annotations

from intake.i18n import N_
from intake.vocabulary import Choice
from notify.vocabulary import register_kinds


class CaseState(Choice):
    """Where a case is: to assign -> assigned -> (to accept) -> answered -> closed."""

    TO_ASSIGN = "to_assign", N_("to assign")
    ASSIGNED = "assigned", N_("assigned")
    TO_ACCEPT = "to_accept", N_("waiting for acceptance")
    ANSWERED = "answered", N_("answered")
    CLOSED = "closed", N_("closed")


class Priority(Choice):
    """How soon a case needs an answer."""

    NONE = "none", N_("no priority")
    LOW = "low", N_("low")
    NORMAL = "normal", N_("normal")
    HIGH = "high", N_("high")
    URGENT = "urgent", N_("urgent")


class CaseSource(Choice):
    """Where a case came from."""

    CONVERSATION = "conversation", N_("conversation")
    EMAIL = "email", N_("e-mail to the office")
    FORM = "form", N_("form on the website")
    STAFF = "staff", N_("entered by the office")


class DeskRole(Choice):
    """A person's part at the desk (beside their owner/staff login role)."""

    ADMINISTRATOR = "administrator", N_("administrator")
    EXPERT = "expert", N_("expert")
    SPECIALIST = "specialist", N_("specialist")
    TRAINEE = "trainee", N_("trainee")


class Power(Choice):
    """What a desk role may do."""

    ASSIGN = "assign", N_("assign cases")
    ANSWER = "answer", N_("answer directly")
    ACCEPT = "accept", N_("accept answers")
    MANAGE = "manage", N_("manage labels, templates and forms")


POWERS: dict[DeskRole, frozenset[Power]] = {
    DeskRole.ADMINISTRATOR: frozenset(Power),
    DeskRole.EXPERT: frozenset({Power.ASSIGN, Power.ANSWER, Power.ACCEPT}),
    DeskRole.SPECIALIST: frozenset({Power.ANSWER}),
    DeskRole.TRAINEE: frozenset(),
}


class AnswerState(Choice):
    """Where an answer is: waiting for acceptance, returned to its author, or sent."""

    TO_ACCEPT = "to_accept", N_("waiting for acceptance")
    RETURNED = "returned", N_("returned")
    SENT = "sent", N_("sent")


class Step(Choice):
    """What happened to a case (its audit trail)."""

    CREATED = "created", N_("case created")
    ASSIGNED = "assigned", N_("assigned")
    SUBMITTED = "submitted", N_("answer sent for acceptance")
    RETURNED = "returned", N_("answer returned")
    ANSWERED = "answered", N_("answer sent to the client")
    EDITED = "edited", N_("answer edited before sending")
    CLIENT_WROTE = "client_wrote", N_("the client wrote")
    PRIORITY = "priority", N_("priority changed")
    LABELS = "labels", N_("labels changed")
    COMMENTED = "commented", N_("internal comment")
    CLOSED = "closed", N_("closed")
    REOPENED = "reopened", N_("reopened")


class FormKind(Choice):
    """A public form on the office's website."""

    CONTACT = "contact", N_("contact form")
    OFFER = "offer", N_("offer request")


@register_kinds
class CaseMessageKind(Choice):
    """The messages the cases package sends."""

    ANSWER_RETURNED = "case_answer_returned", N_("answer returned")
    ANSWER = "case_answer", N_("answer to a question")
    ACTIVATE = "case_activate", N_("activate the case")
    ASSIGNED = "case_assigned", N_("case assigned")
