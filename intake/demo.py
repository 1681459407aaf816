"""Demo data: an office, its people, three client companies and a few processed invoices."""

from __future__ import annotations

import logging
from pathlib import Path

import click
from sqlalchemy import select

from intake import runtime
from intake.accept import Upload, accept
from intake.models import Office
from intake.offices import add_company, add_contact, add_user, create_office
from intake.periods import confirm_delivered, recent_months
from intake.vocabulary import Source

logger = logging.getLogger(__name__)

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
OFFICE = "Biuro Rachunkowe Demo"
PASSWORD = "demo-haslo-2026"
PEOPLE = [
    ("wlasciciel@demo.intake", "Anna Właścicielka", "owner"),
    ("ksiegowa1@demo.intake", "Barbara Księgowa", "staff"),
    ("ksiegowy2@demo.intake", "Cezary Księgowy", "staff"),
]
COMPANIES = [
    # name, NIP (valid checksums), PIN, inbox code, client login, accountant index, language
    (
        "Piekarnia Złoty Kłos sp. z o.o.",
        "5260250274",
        "4821",
        "zloty-klos",
        "klient1@demo.intake",
        1,
        "pl",
    ),
    ("Auto-Serwis Kowalski", "7740001454", "1357", "kowalski", "klient2@demo.intake", 1, "en"),
    # The client of this one reads Hebrew: its pages are right to left, its messages Hebrew.
    ("Studio Graficzne Pixel S.A.", "1132853869", "2468", "pixel", "klient3@demo.intake", 2, "he"),
]


def seed(rt: runtime.Runtime) -> list[tuple[str, str]]:
    """Create the demo office and hand in the sample invoices; return (login, role) pairs."""
    logins = []
    with rt.db.session() as session:
        office = create_office(session, OFFICE)
        staff = []
        for email, name, role in PEOPLE:
            staff.append(add_user(session, office, email, name, role, PASSWORD))
            logins.append((email, role))
        company_ids = []
        for name, nip, pin, code, login, acct, locale in COMPANIES:
            company = add_company(
                session, office, name, nip, pin=pin, inbox_code=code, accountant=staff[acct]
            )
            who = f"Kontakt {name.split()[0]}"
            add_contact(session, company, who, login, "+48600100200", locale=locale)
            add_user(
                session,
                office,
                login,
                f"Klient {name.split()[0]}",
                "client",
                PASSWORD,
                company=company,
                locale=locale,
            )
            logins.append((login, f"client of {name} ({locale})"))
            company_ids.append(company.id)
    limit = rt.settings.max_upload_mb * 1024 * 1024
    for i, path in enumerate(sample_files()):
        company_id = company_ids[i % len(company_ids)]
        with rt.db.session() as session:
            upload = Upload(company_id, path.read_bytes(), path.name, Source.CLI, limit)
            accept(session, rt.storage, upload)
    # The first client has confirmed last month: its tax task is waiting for the accountant.
    with rt.db.session() as session:
        confirm_delivered(session, company_ids[0], recent_months(2)[1], COMPANIES[0][4])
    return logins


def sample_files() -> list[Path]:
    """Return a few sample invoices of different kinds, if samples/ holds any."""
    found = []
    for pattern in ("**/*.xml", "**/*.pdf", "**/*.png", "**/*.jpg"):
        found.extend(sorted(SAMPLES.glob(pattern))[:2])
    return found


@click.command()
@click.option("--if-empty", is_flag=True, help="Do nothing when an office already exists.")
def demo(if_empty: bool) -> None:
    """Load demo data and print the logins."""
    rt = runtime.start()
    with rt.db.session() as session:
        exists = session.scalar(select(Office).where(Office.name == OFFICE)) is not None
    if exists and if_empty:
        logins = [(p[0], p[2]) for p in PEOPLE] + [(c[4], f"client ({c[6]})") for c in COMPANIES]
    else:
        if rt.settings.broker_url is None:
            rt.start_worker()
        logins = seed(rt)
        if rt.worker is not None:
            rt.broker.join("default")
            rt.stop_worker()
    click.echo(f"Demo logins (password for all: {PASSWORD}):")
    for email, role in logins:
        click.echo(f"  {email:28} {role}")
