"""The world's talking to clients: contacts, conversations with files, a letter sent, a failed
one told to its sender, an invitation waiting; the same kinds of rows elsewhere."""

from __future__ import annotations

from sqlalchemy import select

from conversations.files import Upload
from conversations.threads import start_thread
from intake.models import Company, Contact, User
from intake.passwords import LinkPurpose, invite_client, password_token
from intake.runtime import Runtime
from notify.contacts import save_contact
from notify.letters import Draft, send_letters
from notify.reminders import set_policy
from notify.vocabulary import Channel, Topic
from tests.conftest import wait_processed
from tests.inbox.factory import pdf


def seed_talk(rt: Runtime, ids: dict[str, int]) -> dict[str, object]:
    """Add contacts, conversations and letters to the seeded offices; return their ids."""
    found: dict[str, object] = {
        "company": ids["c1"],
        "company_c2": ids["c2"],
        "company_b": ids["c3"],
    }
    with rt.db.session() as s:
        staff, staff_b = s.get_one(User, ids["staff"]), s.get_one(User, ids["staff_b"])
        found["contact"] = s.scalar(select(Contact.id).where(Contact.company_id == ids["c1"]))
        for key, company_id in (("contact_c2", ids["c2"]), ("contact_b", ids["c3"])):
            company = s.get_one(Company, company_id)
            contact = save_contact(
                s,
                company,
                name="Kontakt",
                email=f"kontakt{company_id}@firma.test",
                phone="600100300",
                receives={Topic.TEXT: ["email", "sms"]},
            )
            found[key] = contact.id
        for key, author, company_id in (
            ("thread", staff, ids["c1"]),
            ("thread_c2", staff, ids["c2"]),
            ("thread_b", staff_b, ids["c3"]),
        ):
            thread = start_thread(
                s,
                rt.storage,
                rt.settings,
                author,
                s.get_one(Company, company_id),
                "Brakująca faktura za paliwo",
                "Prosimy o fakturę za paliwo z 3 listopada.",
                [Upload(f"wezwanie-{company_id}.pdf", pdf(f"wezwanie {company_id}"))],
            )
            s.flush()
            found[key] = thread.id
            found[key.replace("thread", "attachment")] = thread.messages[0].attachments[0].id
        draft = Draft(Topic.TEXT, (Channel.EMAIL, Channel.SMS), "Nowe godziny pracy biura.")
        send_letters(s, rt.storage, rt.settings, staff, [ids["c1"]], draft)
        set_policy(s, ids["office_a"], enabled=True)
        invited = invite_client(s, s.get_one(Company, ids["c2"]), "nowy@firma.test", "Nowy")
        s.flush()
        found["password_token"] = password_token(rt.settings, invited, LinkPurpose.INVITE)
    wait_processed(rt)
    return found
