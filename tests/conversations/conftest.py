"""Fixtures of the conversations' tests: Dovecot and the mail runtime from the inbox's tests,
the SMTP sink from notify's."""

from tests.inbox.conftest import companies, dovecot, mail_rt, user  # noqa: F401
from tests.notify.conftest import smtp_sink  # noqa: F401
