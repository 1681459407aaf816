"""A portal with something on every page: documents in several states, a closed month with
its tax task done with amounts, messages sent, e-mail that could not be handled; and the
same kinds of rows in another company and another office, for isolation tests."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select, update

from inbox.models import InboundEmail
from inbox.notes import MailNote
from inbox.vocabulary import MailStatus
from intake.documents import review
from intake.models import Company, Document, User
from intake.month import Month
from intake.offices import add_contact
from intake.runtime import Runtime
from intake.texts import Note
from intake.vocabulary import DocumentStatus
from ocr import Problem, Reason
from tasks.approval import approval_token
from tasks.completion import complete_task
from tasks.models import Task
from tasks.policy import set_policy
from tests.conftest import sample, wait_processed
from tests.intake.test_periods import ksef_invoice
from tests.seeding import confirm, hand_in


def seed_world(rt: Runtime, ids: dict[str, int]) -> dict[str, object]:
    """Fill the seeded offices with rows for every page; return their ids by name."""
    last = Month.current() - 1
    with rt.db.session() as s:
        set_policy(s, ids["office_a"], approval_required=True)
        add_contact(s, s.get_one(Company, ids["c1"]), "Kontakt", "client1@a.test", "+48600100200")

    def invoice(company: str, number: str, name: str, day: int = 5) -> int:
        data = ksef_invoice(number, last.day(day).isoformat())
        return hand_in(rt, ids[company], data, name, month=last).document_id

    approved = invoice("c1", "W/1/2026", "faktura-1.xml")
    rejected = invoice("c1", "W/2/2026", "faktura-2.xml", 6)
    hebrew = hand_in(rt, ids["c1"], sample("il/heb-classic-pdf.pdf").read_bytes(), "חשבונית.pdf")
    polish = hand_in(rt, ids["c1"], sample("pl/fv-classic-pdf.pdf").read_bytes(), "skan.pdf")
    failed = invoice("c1", "W/3/2026", "nieczytelna.xml", 7)
    wait_processed(rt)  # waits on the documents themselves too
    copy = hand_in(rt, ids["c1"], ksef_invoice("W/1/2026", last.day(5).isoformat()), "kopia.xml")
    with rt.db.session() as s:
        staff = s.get_one(User, ids["staff"])
        review(s, s.get_one(Document, approved), staff, True)
        review(s, s.get_one(Document, rejected), staff, False, "nieczytelna kopia")
        unsure = s.get_one(Document, polish.document_id)
        unsure.status = DocumentStatus.NEEDS_REVIEW
        assert unsure.extraction is not None
        unsure.extraction.problems = [Problem(Reason.INVOICE_NUMBER_MISSING)]
        s.execute(
            update(Document)
            .where(Document.id == failed)
            .values(
                status=DocumentStatus.FAILED,
                error=Note.GAVE_UP.message(attempts=3, detail="timeout"),
                attempts=3,
            )
        )
    wait_processed(rt)
    # The month closes (every document of it is settled or read), the tax task appears.
    confirm(rt, ids["c1"], last, "client1@a.test")
    wait_processed(rt)
    with rt.db.session() as s:
        task_a = s.scalar(select(Task.id).where(Task.company_id == ids["c1"]).order_by(Task.id))
    with rt.db.session() as s:
        staff = s.get_one(User, ids["staff"])
        amounts = {"VAT": Decimal("1234.50"), "PIT": Decimal("300")}
        complete_task(s, rt.settings, staff, task_a, amounts)
    wait_processed(rt)
    # Another company of the office, and another office: rows nobody else may see.
    other_company = invoice("c2", "D/1/2026", "dwa.xml")
    other_office = invoice("c3", "O/1/2026", "obca.xml")
    confirm(rt, ids["c3"], last, "client3@b.test")
    wait_processed(rt)
    with rt.db.session() as s:
        task_b = s.scalar(select(Task.id).where(Task.office_id == ids["office_b"]))
        mails = [
            InboundEmail(
                office_id=office,
                company_id=company,
                account=f"imap-{office}",
                uidvalidity=1,
                uid=uid,
                sender=sender,
                subject=subject,
                status=MailStatus.ERROR,
                note=MailNote.FAILED.message(detail="MessageDefect"),
            )
            for office, company, uid, sender, subject in (
                (ids["office_a"], ids["c1"], 1, "ksiegowa@firma-jeden.pl", "Faktury [4821]"),
                (ids["office_b"], ids["c3"], 2, "y@obcy.pl", "Obca"),
            )
        ]
        s.add_all(mails)
        s.flush()
        mail_a, mail_b = mails[0].id, mails[1].id
        token = approval_token(rt.settings, task_a, ids["c1"])
    from tests.portal.case_world import seed_cases
    from tests.portal.talk_world import seed_talk

    return {
        **seed_talk(rt, ids),
        **seed_cases(rt, ids),
        **seed_tasks(rt, ids),
        "month": last,
        "documents": [approved, rejected, hebrew.document_id, polish.document_id, failed],
        "duplicate": copy.document_id,
        "approved": approved,
        "hebrew": hebrew.document_id,
        "task": task_a,
        "mail": mail_a,
        "token": token,
        # Rows of company 2 (same office) and of office B.
        "document_c2": other_company,
        "document_b": other_office,
        "task_b": task_b,
        "mail_b": mail_b,
    }


def seed_tasks(rt: Runtime, ids: dict[str, int]) -> dict[str, object]:
    """Issue 12: each office's task templates (the defaults, installed)."""
    import datetime as dt

    from tasks.handwork import add_task
    from tasks.models import TaxAmount
    from tasks.templates import office_templates

    with rt.db.session() as s:
        mine = office_templates(s, ids["office_a"])[0].id
        theirs = office_templates(s, ids["office_b"])[0].id
        amount = s.scalar(select(TaxAmount.id).where(TaxAmount.company_id == ids["c1"]))
        rows = []
        for office, company in ((ids["office_a"], ids["c2"]), (ids["office_b"], ids["c3"])):
            owner = s.scalar(select(User).where(User.office_id == office).order_by(User.id))
            task = add_task(s, rt.settings, owner, company=s.get_one(Company, company), title="VAT")
            task.status = "done"
            row = TaxAmount(
                office_id=office,
                company_id=company,
                task_id=task.id,
                month=Month(2026, 11),
                code="VAT",
                amount=Decimal("10.00"),
                due_on=dt.date(2026, 12, 28),
            )
            s.add(row)
            rows.append(row)
        s.flush()
    return {
        "template": mine,
        "template_b": theirs,
        "amount": amount,
        "amount_c2": rows[0].id,
        "amount_b": rows[1].id,
    }
