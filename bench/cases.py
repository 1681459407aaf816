"""Server time of the case desk's lists with 50,000 cases in PostgreSQL, and of a public
form's submission.

usage: python bench/cases.py [--cases 50000] [--repeats 20] [--forms 100]
Targets (issue 13): each desk list under 200 ms of server time at 50,000 cases; a form
submission answered in under 100 ms.

The office is filled through Core inserts (cases in every state, priority and source, with
labels) in seconds; then each page is requested through the Flask app, logged in, and
timed in the process. The submissions go through the public route as a website's visitor
would send them (each from its own address, so the per-address limit does not bite).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.infra import Services, percentile
from cases.forms import save_form
from cases.models import Case, CaseEvent, DeskMember, Label, Submission, case_labels
from cases.vocabulary import CaseSource, CaseState, DeskRole, FormKind, Priority, Step
from intake import runtime
from intake.models import Company
from intake.offices import add_user, create_office
from tests.seeding import PASSWORD, cheap_hashing

STATES = (
    [CaseState.CLOSED] * 60
    + [CaseState.ANSWERED] * 20
    + [CaseState.ASSIGNED] * 12
    + [CaseState.TO_ASSIGN] * 5
    + [CaseState.TO_ACCEPT] * 3
)
LABELS = ["VAT", "PIT", "ZUS", "kadry", "oferta", "pilne", "reklamacja", "KSeF"]


def seed(rt: runtime.Runtime, cases: int, companies: int) -> dict[str, object]:
    """Fill one office with people, clients and cases; return what the pages need."""
    rng = random.Random(13)
    now = dt.datetime.now(dt.UTC)
    with rt.db.session() as s:
        office = create_office(s, "Biuro Bench Cases")
        owner = add_user(s, office, "owner@bench.test", "Owner", "owner", PASSWORD)
        people = [
            add_user(s, office, f"osoba{n}@bench.test", f"Osoba {n}", "staff", PASSWORD)
            for n in range(8)
        ]
        s.flush()
        roles = [DeskRole.EXPERT, DeskRole.SPECIALIST, DeskRole.TRAINEE, DeskRole.TRAINEE]
        for n, person in enumerate(people):
            s.add(DeskMember(office_id=office.id, user_id=person.id, role=roles[n % 4]))
        s.execute(
            insert(Company),
            [
                {
                    "office_id": office.id,
                    "name": f"Klient {n:03d} sp. z o.o.",
                    "nip": f"{1000000000 + n * 7919}"[:10],
                    "inbox_code": f"klient-{n:03d}",
                    "created_at": now,
                }
                for n in range(companies)
            ],
        )
        company_ids = list(s.scalars(select(Company.id).where(Company.office_id == office.id)))
        s.execute(insert(Label), [{"office_id": office.id, "name": n} for n in LABELS])
        label_ids = list(s.scalars(select(Label.id).where(Label.office_id == office.id)))
        form = save_form(
            s,
            owner,
            kind=FormKind.CONTACT,
            title="Napisz do nas",
            required=["message"],
            consent_text="Zgadzam się.",
            terms_url="https://biuro.example/regulamin",
            colour="#1f5fa8",
            background="#ffffff",
            locale="pl",
        )
        found: dict[str, object] = {
            "office": office.id,
            "owner": owner.id,
            "person": people[2].id,
            "form_key": form.key,
        }
        person_ids = [p.id for p in people]
    batch = 5000
    for start in range(0, cases, batch):
        rows, links, steps = [], [], []
        with rt.db.session() as s:
            first = (s.scalar(select(func.max(Case.id))) or 0) + 1
            for i in range(start, min(cases, start + batch)):
                case_id = first + i - start
                state = rng.choice(STATES)
                opened = now - dt.timedelta(minutes=(cases - i) * 7)
                answered = opened + dt.timedelta(hours=rng.uniform(0.2, 72))
                prospect = rng.random() < 0.1
                rows.append(
                    {
                        "id": case_id,
                        "office_id": office.id,
                        "company_id": None if prospect else rng.choice(company_ids),
                        "prospect_name": "Jan Nowak" if prospect else None,
                        "prospect_email": "jan@nowak.test" if prospect else None,
                        "title": f"Pytanie {i} o rozliczenie",
                        "source": rng.choice(list(CaseSource)),
                        "state": state,
                        "priority": rng.choice(list(Priority)),
                        "assignee_id": None
                        if state == CaseState.TO_ASSIGN
                        else rng.choice(person_ids),
                        "first_answer_at": answered
                        if state in (CaseState.ANSWERED, CaseState.CLOSED)
                        else None,
                        "closed_at": answered + dt.timedelta(hours=2)
                        if state == CaseState.CLOSED
                        else None,
                        "created_at": opened,
                    }
                )
                for label in rng.sample(label_ids, rng.choice([0, 0, 1, 1, 2])):
                    links.append({"case_id": case_id, "label_id": label})
                steps.append({"case_id": case_id, "step": Step.CREATED, "created_at": opened})
            s.execute(insert(Case), rows)
            if links:
                s.execute(insert(case_labels), links)
            s.execute(insert(CaseEvent), steps)
        print(f"  {min(cases, start + batch)} cases", file=sys.stderr)
    with rt.db.session() as s:
        if s.get_bind().dialect.name == "postgresql":
            s.execute(text("SELECT setval('desk_case_id_seq', (SELECT max(id) FROM desk_case))"))
            s.execute(text("ANALYZE"))
        found["case"] = s.scalar(select(func.max(Case.id)))
        found["label"] = label_ids[0]
    return found


def log_in(client, email: str) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert token
    data = {"email": email, "password": PASSWORD, "csrf_token": token.group(1)}
    assert client.post("/login", data=data).status_code == 302


def timed(call, repeats: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Run a request `repeats` times (after one warm-up); return p50 and p95 in ms."""
    call()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        response = call()
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code in (200, 302), response.status_code
    return percentile(times, 50), percentile(times, 95)


def bench(rt: runtime.Runtime, found: dict[str, object], repeats: int, forms: int) -> None:
    """Time the desk's pages and the form's submissions; print the figures."""
    from portal import create_app

    app = create_app(rt, TESTING=True, RATELIMIT_STORAGE_URI="memory://")
    pages = {
        "tab 'to assign'": "/staff/cases/?tab=to_assign",
        "tab 'mine' (a trainee)": "/staff/cases/?tab=mine",
        "tab 'to accept'": "/staff/cases/?tab=to_accept",
        "tab 'all', page 1": "/staff/cases/?tab=all",
        "tab 'all', page 200": "/staff/cases/?tab=all&page=200",
        "tab 'all', urgent only": "/staff/cases/?tab=all&priority=urgent",
        "tab 'all', one label": f"/staff/cases/?tab=all&label={found['label']}",
        "tab 'all', closed, page 50": "/staff/cases/?tab=all&state=closed&page=50",
        "a case": f"/staff/cases/{found['case']}",
        "report, last 30 days": "/staff/cases/report",
    }
    client = app.test_client()
    log_in(client, "osoba2@bench.test")
    with rt.db.session() as s:
        total = s.scalar(select(func.count()).select_from(Case))
    print(f"\ncase desk, {total} cases in PostgreSQL, {repeats} requests each (server time):")
    worst = 0.0
    for name, url in pages.items():
        p50, p95 = timed(lambda url=url: client.get(url), repeats)
        worst = max(worst, p95) if not name.startswith("report") else worst
        print(f"  {name:32} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms")
    print(f"  worst list p95: {worst:.1f} ms (target < 200 ms)")

    visitor = app.test_client()
    key = found["form_key"]
    page = visitor.get(f"/forms/{key}").get_data(as_text=True)
    stamp = re.search(r'name="stamp" value="([^"]+)"', page)
    assert stamp
    times = []
    for n in range(forms):
        data = {
            "stamp": stamp.group(1),
            "name": f"Gość {n}",
            "email": f"gosc{n}@strona.test",
            "message": "Proszę o kontakt w sprawie księgowości.",
            "consent": "yes",
        }
        address = f"10.13.{n // 250}.{n % 250 + 1}"
        started = time.perf_counter()
        response = visitor.post(f"/forms/{key}", data=data, environ_base={"REMOTE_ADDR": address})
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    with rt.db.session() as s:
        kept = s.scalar(select(func.count()).select_from(Submission))
    print(f"\nform submission, {forms} visitors ({kept} kept, activation e-mail queued to Redis):")
    print(
        f"  p50 {percentile(times, 50):.1f} ms   p95 {percentile(times, 95):.1f} ms   "
        f"max {max(times):.1f} ms (target < 100 ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--companies", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--forms", type=int, default=100)
    args = parser.parse_args()
    cheap_hashing()
    with tempfile.TemporaryDirectory() as home:
        svc = Services(Path(home))
        try:
            started = time.perf_counter()
            found = seed(svc.rt, args.cases, args.companies)
            print(f"seeded in {time.perf_counter() - started:.1f} s", file=sys.stderr)
            bench(svc.rt, found, args.repeats, args.forms)
        finally:
            svc.close()


if __name__ == "__main__":
    main()
