"""The world's case desk (issue 13): a client's question waiting for acceptance of a
trainee's answer with an internal comment on a passage, a prospect's form activated, reply
templates and forms; the same kinds of rows in office B."""

from __future__ import annotations

from sqlalchemy import select

from cases.comments import add_comment
from cases.forms import activate, activation_token, save_form, submit
from cases.models import Case, DeskMember
from cases.replies import save_template
from cases.vocabulary import DeskRole, FormKind
from cases.work import assign, case_from_thread, set_labels, write_answer
from conversations.threads import start_thread
from intake.models import Company, User
from intake.offices import add_user
from intake.runtime import Runtime
from tests.conftest import wait_processed
from tests.seeding import PASSWORD

SECRET_COMMENT = "WEWNĘTRZNE: klient zalega z opłatami"
BODIES = {
    "pl": "Dzień dobry {client}, dziękujemy za dokumenty za {month}.",
    "en": "Hello {client}, thank you for the documents for {month}.",
    "he": "שלום {client}, תודה על המסמכים עבור {month}.",
}


def seed_cases(rt: Runtime, ids: dict[str, int]) -> dict[str, object]:
    """Add the desk's rows to the seeded offices; return their ids by name."""
    found: dict[str, object] = {}
    with rt.db.session() as s:
        owner, staff_b = s.get_one(User, ids["owner"]), s.get_one(User, ids["staff_b"])
        trainee = add_user(s, owner.office, "stazysta@a.test", "Stażysta A", "staff", PASSWORD)
        s.flush()
        found["trainee"] = trainee.id
        # Office B has no owner seeded: its accountant administers its desk.
        for person, role in ((trainee, DeskRole.TRAINEE), (staff_b, DeskRole.ADMINISTRATOR)):
            s.add(DeskMember(office_id=person.office_id, user_id=person.id, role=role))
        s.flush()
        for suffix, company_id, boss, person in (
            ("", ids["c1"], owner, trainee),
            ("_b", ids["c3"], staff_b, staff_b),
        ):
            asker = s.scalars(select(User).where(User.company_id == company_id)).first()
            assert asker is not None
            thread = start_thread(
                s,
                rt.storage,
                rt.settings,
                asker,
                s.get_one(Company, company_id),
                "Pytanie o ulgę",
                "Czy ulga przysługuje?",
            )
            s.flush()
            case = case_from_thread(s, boss, thread.id)
            assign(s, rt.settings, boss, case, person.id)
            answer = write_answer(
                s, rt.settings, person, case, "Tak, ulga przysługuje od stycznia."
            )
            add_comment(s, boss, case, SECRET_COMMENT, answer_id=answer.id, passage="od stycznia")
            set_labels(s, boss, case, ["pilne", "ulgi"])
            template = save_template(
                s,
                rt.storage,
                rt.settings.max_upload_mb,
                boss,
                group="Podziękowania",
                name="Dziękujemy za dokumenty",
                bodies=BODIES,
            )
            form = save_form(
                s,
                boss,
                kind=FormKind.CONTACT,
                title="Napisz do biura",
                required=["message"],
                consent_text="Zgadzam się na przetwarzanie danych.",
                terms_url="https://biuro.example/regulamin",
                colour="#aa3300",
                background="#ffffff",
                locale="pl",
            )
            found[f"case{suffix}"] = case.id
            found[f"answer{suffix}"] = answer.id
            found[f"reply_template{suffix}"] = template.id
            found[f"case_form{suffix}"] = form.id
        form_a = s.get_one(type(form), found["case_form"])
        found["form_key"] = form_a.key
        sent = submit(
            s,
            rt.settings,
            form_a,
            {
                "name": "Jan Nowak",
                "email": "jan@nowak.test",
                "message": "Proszę o ofertę.",
                "consent": "yes",
            },
            "127.0.0.1",
        )
        assert sent.submission is not None
        found["activation"] = activation_token(rt.settings, sent.submission)
        found["prospect_case"] = activate(s, rt.settings, str(found["activation"])).id
        assert s.get_one(Case, found["case"]).labels
    wait_processed(rt)
    return found
