"""Fixtures of the desk's tests: the SMTP sink from notify's."""

from tests.notify.conftest import smtp_sink  # noqa: F401
