"""The door: a blocked sender, a missing or wrong PIN, or a sender the office trusts."""

from __future__ import annotations

from sqlalchemy.orm import Session

from inbox import replies
from inbox.letter import Letter, Outcome, finish
from inbox.pin import candidates, is_allowed_sender, pin_matches
from inbox.senders import blocked_until, claim_reply, is_automatic, note_wrong_pin
from intake import events
from intake.models import Company
from intake.runtime import Runtime


def check_sender(rt: Runtime, company: Company, letter: Letter, email_id: int) -> Outcome | None:
    """Return a rejection when the sender is blocked or the PIN is missing or wrong."""
    until = None
    with rt.db.session() as session:
        blocked = blocked_until(session, company.id, letter.sender)
        if blocked is not None:
            reason, note = "blocked", f"sender blocked until {blocked:%Y-%m-%d %H:%M} UTC"
        elif is_allowed_sender(session, company.id, letter.sender):
            return None
        elif not company.pin_hash:
            reason, note = "no_pin_set", "the company has no PIN and the sender is not listed"
        else:
            pins = candidates(letter.subject, letter.lines)
            if pin_matches(company.pin_hash, pins):
                return None
            reason = "wrong_pin" if pins else "missing_pin"
            note = "wrong PIN" if pins else "no PIN in the subject or the first lines"
            if pins:
                until = note_wrong_pin(session, company.id, letter.sender, email_id)
                if until is not None:
                    note += f"; sender blocked until {until:%Y-%m-%d %H:%M} UTC"
        answer = may_answer(session, letter, company.id, email_id)
    outcome = finish(rt, email_id, "rejected", note)
    if until is not None:
        events.publish(
            events.SENDER_BLOCKED, company_id=company.id, sender=letter.sender, until=until
        )
    if answer:
        values = {"until": until or blocked} if (until or blocked) else {}
        replies.publish(
            company.office_id,
            replies.compose(
                "blocked" if until else reason,
                letter.sender,
                letter.subject,
                letter.message_id,
                **values,
            ),
        )
    return outcome


def may_answer(session: Session, letter: Letter, company_id: int | None, email_id: int) -> bool:
    """Tell whether this sender may get a reply now (a person, not answered this hour)."""
    if is_automatic(letter.msg, letter.sender):
        return False
    return claim_reply(session, letter.sender, company_id, email_id)
