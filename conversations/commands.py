"""`intake conversations`: a client's conversations, and a notice to many clients."""

from __future__ import annotations

import json
from pathlib import Path

import click
from sqlalchemy import select

from conversations.bulk import send_notice
from conversations.files import Upload
from conversations.models import Thread
from conversations.threads import unread_in
from conversations.vocabulary import Side
from intake import runtime
from intake.commands import find_company
from intake.errors import NotFound
from intake.models import User
from intake.vocabulary import OFFICE_ROLES


@click.group()
def conversations() -> None:
    """Conversations between the office and its clients."""


@conversations.command("list")
@click.option("--company", "nip", required=True, help="The client's NIP.")
@click.option("--json", "as_json", is_flag=True)
def conversations_list(nip: str, as_json: bool) -> None:
    """List a client's conversations, newest first, with the office's unread count."""
    with runtime.start().db.session() as session:
        company = find_company(session, nip)
        query = select(Thread).where(Thread.company_id == company.id)
        for thread in session.scalars(query.order_by(Thread.last_message_at.desc())):
            row = {
                "id": thread.id,
                "subject": thread.subject,
                "started_by": str(thread.started_by),
                "messages": len(thread.messages),
                "unread": unread_in(session, thread.id, Side.CLIENT, thread.office_seen_id),
                "last_message_at": thread.last_message_at.isoformat(),
            }
            if as_json:
                click.echo(json.dumps(row, ensure_ascii=False))
            else:
                click.echo(f"{thread.id:6} {row['unread']:3} {thread.subject}")


@conversations.command("notice")
@click.option("--company", "nips", multiple=True, required=True, help="A client's NIP (repeat).")
@click.option("--subject", required=True)
@click.option("--text", required=True)
@click.option("--attach", "files", multiple=True, type=click.Path(dir_okay=False, exists=True))
@click.option("--sender", "email", required=True, help="The office's person who signs it.")
def conversations_notice(
    nips: tuple[str, ...], subject: str, text: str, files: tuple[str, ...], email: str
) -> None:
    """Post a notice (with files) in each client's conversations; their people are told."""
    rt = runtime.start()
    uploads = [Upload(Path(f).name, Path(f).read_bytes()) for f in files]
    with rt.db.session() as session:
        author = session.scalar(select(User).where(User.email == email.strip().lower()))
        if author is None or author.role not in OFFICE_ROLES:
            raise NotFound(f"office user {email}")
        ids = [find_company(session, nip).id for nip in nips]
        threads = send_notice(session, rt.storage, rt.settings, author, ids, subject, text, uploads)
        made = [t.id for t in threads]
    if rt.settings.broker_url is None:
        rt.start_worker()
        rt.broker.join("default", timeout=300_000)
        rt.stop_worker()
    click.echo(f"notice posted in {len(made)} conversations: {', '.join(map(str, made))}")
