"""What ksef writes in a document's history: coded texts, translated where they are shown."""

from __future__ import annotations

from enum import unique

from intake.i18n import N_, Coded


@unique
class Note(Coded):
    """A step of a KSeF invoice's life."""

    FETCHED = N_("From KSeF, number %(number)s, received %(day)s.")
    CORRECTS = N_("Corrects invoice %(number)s (document %(document)s).")
    CORRECTED_BY = N_("Corrected by document %(document)s.")
    SAME_AS_KSEF = N_("The same invoice as KSeF document %(document)s; the KSeF data counts.")
    EXACT_FROM_KSEF = N_("The exact data of KSeF invoice %(number)s replaced the reading.")
    QUALIFIED = N_("Marked %(qualification)s.")
    CODE_FOUND = N_("A KSeF code is printed on it (KSeF number %(number)s).")
    CODE_DIFFERS = N_("The KSeF code says otherwise than the reading: %(fields)s.")
