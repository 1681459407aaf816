"""The database models; every row belongs to one office."""

from intake.models.base import Base, utcnow
from intake.models.document import PROCESSED, STATUSES, Document, DocumentEvent, Extraction
from intake.models.inbox import AllowedSender, InboundPart, MailAccount, MailboxState, SenderEvent
from intake.models.mail import InboundEmail
from intake.models.office import ROLES, Company, Contact, Office, User
from intake.models.period import PERIOD_STATES, Period
from intake.models.work import Notification, Task

__all__ = [
    "PERIOD_STATES",
    "PROCESSED",
    "ROLES",
    "STATUSES",
    "AllowedSender",
    "Base",
    "Company",
    "Contact",
    "Document",
    "DocumentEvent",
    "Extraction",
    "InboundEmail",
    "InboundPart",
    "MailAccount",
    "MailboxState",
    "Notification",
    "Office",
    "Period",
    "SenderEvent",
    "Task",
    "User",
    "utcnow",
]
