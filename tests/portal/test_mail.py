"""The staff's mail page shows the inbox's coded notes and states in the reader's language."""

from __future__ import annotations

from inbox.models import InboundEmail
from inbox.notes import MailNote, about
from inbox.vocabulary import MailStatus
from intake.i18n import gettext


def test_staff_read_the_inbox_notes_translated(embedded, as_user, pdata):
    with embedded.db.session() as s:
        s.add_all(
            [
                InboundEmail(
                    office_id=pdata["office_a"],
                    company_id=pdata["c1"],
                    account="a",
                    uidvalidity=1,
                    uid=1,
                    sender="x@klient.pl",
                    status=MailStatus.REJECTED,
                    note=MailNote.WRONG_PIN.message(),
                ),
                InboundEmail(
                    office_id=pdata["office_a"],
                    company_id=pdata["c1"],
                    account="a",
                    uidvalidity=1,
                    uid=2,
                    sender="x@klient.pl",
                    status=MailStatus.IMPORTED,
                    note=MailNote.TAKEN_IN_WITH_NOTES.message(
                        notes=[about("logo.png", MailNote.SMALL_IMAGE.message())]
                    ),
                ),
            ]
        )
    page = as_user("staff@a.test").get("/staff/mail").get_data(as_text=True)
    assert gettext("pl", MailNote.WRONG_PIN.msgid) in page
    assert gettext("pl", MailStatus.REJECTED.label) in page
    small = gettext("pl", MailNote.SMALL_IMAGE.msgid)
    assert f"logo.png: {small}" in page
    for english in (MailNote.WRONG_PIN.msgid, MailNote.SMALL_IMAGE.msgid, ">rejected<"):
        assert english not in page
