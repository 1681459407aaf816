"""A database from before issue 9 keeps its mail: states checked, old notes still readable."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from inbox.models import InboundEmail, InboundPart, MailAccount, SenderEvent
from inbox.vocabulary import MailStatus, PartOutcome, Security, SenderEventKind
from intake.db import Database
from intake.i18n import Message
from intake.models import load_models
from intake.models.texts import code_of
from tests.services import drop_pg_database, fresh_pg_database

LEGACY = Path(__file__).parents[1] / "intake" / "legacy"
# Rows an older inbox wrote, beside the dump's own: fixed sentences and a note with values.
OLD_NOTES = """
INSERT INTO inbound_email (id, office_id, company_id, account, uidvalidity, uid, sender,
    subject, status, note, created_at, attempts)
VALUES (2, 1, 1, 'a', 1, 8, 'x@firma.pl', 's', 'rejected', 'wrong PIN',
        '2026-11-02 10:00:00+00', 1),
       (3, 1, 1, 'a', 1, 9, 'x@firma.pl', 's', 'error', 'ValueError: bad header',
        '2026-11-02 10:00:00+00', 2);
INSERT INTO inbound_part (id, inbound_email_id, sender, sha256, filename, media_type, size,
    outcome, note)
VALUES (2, 1, 'kasia@firma.pl', 'ef', 'logo.png', 'image/png', 10, 'skipped',
        'the same image as in earlier mail (a signature); skipped');
"""


def upgraded(url: str, load: callable) -> Database:  # type: ignore[valid-type]
    """Load the legacy dump and the extra rows, then run today's migrations."""
    load()
    database = Database(url)
    database.upgrade()
    load_models()
    return database


@pytest.fixture(params=["sqlite", "postgresql"])
def legacy(request, tmp_path) -> Iterator[Database]:  # type: ignore[no-untyped-def]
    """A pre-issue-9 database upgraded to the head, on SQLite and PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "legacy.db"

        def load() -> None:
            with sqlite3.connect(path) as conn:
                conn.executescript((LEGACY / "sqlite.sql").read_text())
                conn.executescript(OLD_NOTES)

        database = upgraded(f"sqlite:///{path}", load)
        yield database
        database.dispose()
        return
    import psycopg

    url = fresh_pg_database()

    def load_pg() -> None:
        plain = url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute((LEGACY / "postgresql.sql").read_text())
            conn.execute(OLD_NOTES)

    database = upgraded(url, load_pg)
    yield database
    database.dispose()
    drop_pg_database(url)


def test_every_row_of_the_inbox_survives_the_upgrade(legacy):
    with legacy.session() as s:
        mails = {row.id: row for row in s.scalars(select(InboundEmail))}
        parts = {row.id: row for row in s.scalars(select(InboundPart))}
        [event] = s.scalars(select(SenderEvent)).all()
        [account] = s.scalars(select(MailAccount)).all()
    assert [mails[i].status for i in (1, 2, 3)] == [
        MailStatus.IMPORTED,
        MailStatus.REJECTED,
        MailStatus.ERROR,
    ]
    assert mails[1].note == "ok" and str(mails[1].month) == "2026-10"
    assert mails[3].note == "ValueError: bad header", "an old text still reads as it was"
    assert isinstance(mails[2].note, Message) and code_of(mails[2].note) == "wrong_pin"
    assert parts[1].outcome == PartOutcome.DOCUMENT and parts[1].note is None
    assert code_of(parts[2].note) == "signature_repeated"
    assert event.kind == SenderEventKind.WRONG_PIN and event.sender == "zly@spam.pl"
    assert account.security == Security.TLS and account.last_error is None


def test_the_states_are_checked_by_the_database_after_the_upgrade(legacy):
    for statement in (
        "UPDATE inbound_email SET status = 'lost' WHERE id = 1",
        "UPDATE inbound_part SET outcome = 'maybe' WHERE id = 1",
        "UPDATE sender_event SET kind = 'hello' WHERE id = 1",
        "UPDATE mail_account SET security = 'ssl' WHERE id = 1",
    ):
        with pytest.raises(IntegrityError), legacy.session() as s:
            s.execute(text(statement))
