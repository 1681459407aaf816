"""The review page of a stack and of its parts: the split shown, undone, changed; per office."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from intake.models import Document
from tests.conftest import wait_processed
from tests.ocr.test_stack import invoices, joined
from tests.portal.conftest import csrf_token, page_text, tr
from tests.portal.language_checks import english_on, keys_on, visible_text
from tests.seeding import hand_in


def stack_of_three(embedded, pdata) -> int:
    made = invoices(3)
    done = hand_in(embedded, pdata["c1"], joined([pdf for _, pdf in made]), "stos.pdf")
    wait_processed(embedded)
    return done.document_id


def parts(embedded, stack: int) -> list[int]:
    with embedded.db.session() as s:
        return list(
            s.scalars(
                select(Document.id)
                .where(Document.split_from_id == stack)
                .order_by(Document.split_first)
            )
        )


def test_staff_see_the_split_on_the_stack_and_on_each_part(embedded, as_user, pdata):
    stack = stack_of_three(embedded, pdata)
    found = parts(embedded, stack)
    assert len(found) == 3
    staff = as_user("staff@a.test")
    page = page_text(staff.get(f"/staff/documents/{stack}"))
    assert "Ten plik zawierał 3 dokumenty" in page  # Polish: the office's language
    for part in found:
        assert f"#{part}" in page
    part_page = page_text(staff.get(f"/staff/documents/{found[1]}"))
    assert tr("Pages %(first)s–%(last)s of the file", first=2, last=2) in part_page
    assert "stos.pdf" in part_page
    # a part's own page shows its own one page
    assert staff.get(f"/staff/documents/{found[1]}/page?n=1").status_code == 200
    assert staff.get(f"/staff/documents/{found[1]}/page?n=2").status_code == 404


def test_staff_change_then_undo_a_split(embedded, as_user, pdata):
    stack = stack_of_three(embedded, pdata)
    staff = as_user("staff@a.test")
    path = f"/staff/documents/{stack}"
    token = csrf_token(staff, path)
    refused = staff.post(f"{path}/split", data={"starts": "1, 7", "csrf_token": token})
    assert refused.status_code == 302
    assert "od 1 do 3" in page_text(staff.get(path))
    assert len(parts(embedded, stack)) == 3
    assert staff.post(f"{path}/split", data={"starts": "1, 2"}).status_code == 400  # no CSRF
    done = staff.post(f"{path}/split", data={"starts": "1, 2", "csrf_token": token})
    assert done.status_code == 302
    wait_processed(embedded)
    assert len(parts(embedded, stack)) == 2
    done = staff.post(f"{path}/split/undo", data={"csrf_token": token})
    assert done.status_code == 302
    wait_processed(embedded)
    assert parts(embedded, stack) == []
    with embedded.db.session() as s:
        assert s.scalar(select(func.count(Document.id))) == 1
        assert s.get_one(Document, stack).status in ("extracted", "needs_review")


def test_another_office_cannot_see_or_touch_a_stack(embedded, as_user, pdata):
    stack = stack_of_three(embedded, pdata)
    other = as_user("staff@b.test")
    path = f"/staff/documents/{stack}"
    token = csrf_token(other, "/staff/documents")
    assert other.get(path).status_code == 404
    assert other.post(f"{path}/split", data={"starts": "1", "csrf_token": token}).status_code == 404
    assert other.post(f"{path}/split/undo", data={"csrf_token": token}).status_code == 404
    assert len(parts(embedded, stack)) == 3


@pytest.mark.parametrize("locale", ["pl", "he"])
def test_the_split_speaks_the_readers_language(embedded, as_user, pdata, locale):
    stack = stack_of_three(embedded, pdata)
    staff = as_user("staff@a.test")
    for url in (f"/staff/documents/{stack}", f"/staff/documents/{parts(embedded, stack)[0]}"):
        html = staff.get(f"{url}?lang={locale}", follow_redirects=True).get_data(as_text=True)
        text = visible_text(html)
        assert english_on(text, locale) == [], url
        assert keys_on(text) == [], url
    shown = page_text(staff.get(f"/staff/documents/{stack}?lang={locale}"))
    assert tr("Undo the split", locale) in shown
    held = "Ten plik zawierał 3 dokumenty" if locale == "pl" else "הקובץ הזה הכיל 3 מסמכים"
    assert held in shown
