"""conversations' vocabulary: which side wrote a message, and how it came in."""

from __future__ import annotations

from intake.i18n import N_
from intake.vocabulary import Choice


class Side(Choice):
    """Who wrote a message: the office or the client's people."""

    OFFICE = "office", N_("office")
    CLIENT = "client", N_("client")


class Via(Choice):
    """How a message came in: written in the portal, a reply by e-mail, or a bulk notice."""

    PORTAL = "portal", N_("portal")
    EMAIL = "email", N_("e-mail")
    NOTICE = "notice", N_("notice to many clients")
