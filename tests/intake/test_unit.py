"""One unit of work: follow-ups run after the whole transaction commits, and only then."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from intake import events
from intake.models import Office
from intake.offices import create_office
from intake.unit import after_commit, pending


def office_names(rt) -> list[str]:
    """Read the offices from a session of its own: what is committed."""
    with rt.db.session() as s:
        return list(s.scalars(select(Office.name).order_by(Office.name)))


def test_a_follow_up_runs_after_the_commit_and_sees_what_it_follows(rt):
    seen: list[list[str]] = []
    with rt.db.session() as s:
        create_office(s, "Biuro U")
        after_commit(s, lambda: seen.append(office_names(rt)))
        s.flush()
        assert seen == []  # flushed, not committed: nothing runs yet
    assert seen == [["Biuro U"]]


def test_a_rolled_back_unit_runs_none_of_its_follow_ups(rt):
    ran: list[str] = []
    with pytest.raises(RuntimeError), rt.db.session() as s:
        create_office(s, "Biuro R")
        after_commit(s, ran.append, "sent")
        raise RuntimeError("the request failed half way")
    assert ran == [] and office_names(rt) == []


def test_a_released_savepoint_waits_for_the_whole_commit(rt):
    ran: list[str] = []
    with rt.db.session() as s:
        with s.begin_nested():
            create_office(s, "Biuro S")
            after_commit(s, ran.append, "inner")
        assert ran == [] and pending(s) == 1
    assert ran == ["inner"]


def test_a_savepoint_that_rolls_back_takes_its_follow_ups_with_it(rt):
    ran: list[str] = []
    with rt.db.session() as s:
        after_commit(s, ran.append, "outer")
        try:
            with s.begin_nested():
                create_office(s, "Biuro T")
                after_commit(s, ran.append, "inner")
                raise ValueError("a duplicate, say")
        except ValueError:
            pass
    assert ran == ["outer"]


def test_an_event_is_announced_only_once_its_change_is_committed(rt):
    heard: list[dict] = []
    events.subscribe("test.happened", lambda **payload: heard.append(payload))
    try:
        with rt.db.session() as s:
            events.announce(s, "test.happened", office="Biuro E")
            assert heard == []
        assert heard == [{"office": "Biuro E"}]
        with pytest.raises(RuntimeError), rt.db.session() as s:
            events.announce(s, "test.happened", office="never")
            raise RuntimeError
        assert heard == [{"office": "Biuro E"}]
    finally:
        events.clear()


def test_every_new_session_factory_runs_its_follow_ups():
    """A new factory at the address of a freed one once looked installed (SQLAlchemy's
    `event.contains` answers by id()), and its sessions ran no follow-ups: in full test
    runs a document's read job or a month's closing, now and then, silently."""
    import gc

    from sqlalchemy import create_engine
    from sqlalchemy.orm import sessionmaker

    from intake.unit import install

    skipped = 0
    for n in range(600):
        factory = sessionmaker(create_engine("sqlite://"))
        install(factory)
        done: list[int] = []
        with factory() as s, s.begin():
            after_commit(s, done.append, n)
        skipped += not done
        del factory
        if n % 20 == 0:
            gc.collect()  # frees the old factories, whose addresses new ones then take
    assert skipped == 0
