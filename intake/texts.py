"""What intake writes in a document's history and problems: coded texts, translated when shown."""

from __future__ import annotations

from enum import unique

from intake.i18n import N_, Coded


@unique
class Note(Coded):
    """A step in a document's life or a reason given with it."""

    RECEIVED_VIA = N_("Received via %(source)s: %(filename)s")
    SAME_FILE = N_("The same file as document %(document)s.")
    READING = N_("Reading, attempt %(attempt)s.")
    ATTEMPT_FAILED = N_("Reading failed (%(detail)s); it will be tried again.")
    GAVE_UP = N_("Reading failed %(attempts)s times (%(detail)s); a person should look at it.")
    WORKER_DIED = N_("Reading stopped a worker %(attempts)s times; it is not tried again.")
    READ_AGAIN = N_("To be read again, on request.")
    CORRECTED = N_("Corrected: %(fields)s.")
    MOVED = N_("Moved from month %(old)s to %(new)s.")
    MOVED_INTO_CLOSED = N_("Month %(month)s was closed; it is reopened.")
    MONTH_REOPENED = N_("Month %(month)s was already closed: it is reopened.")
    PROBLEMS = N_("To check: %(problems)s")
    PROBABLE_DUPLICATE = N_("Probably the same invoice as document %(document)s.")
    BUYER_NOT_CLIENT = N_(
        "The buyer's tax id %(tax_id)s is not the client's (%(client)s): is this the client's "
        "invoice?"
    )
    SALES_INVOICE = N_(
        "The seller's tax id is the client's own (%(client)s): a sales invoice among the purchases?"
    )
    REOPENED = N_("Reopened: %(reason)s")
    SPLIT_INTO = N_("One file of %(count)s documents: split at pages %(starts)s.")
    SPLIT_PART = N_("Pages %(first)s–%(last)s of document %(document)s.")
    SPLIT_CHANGED = N_("Split changed by hand: documents start at pages %(starts)s.")
    SPLIT_UNDONE = N_("Split undone: read again as one document.")
    APPROVAL_UNDONE = N_("Approval undone.")
    MONTH_NOT_BEGUN = N_("the month has not begun yet")
    MONTH_TOO_OLD = N_("the month is too long ago; ask the office")
