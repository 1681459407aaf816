"""The IMAP inbox: e-mailed invoices into intake.accept.

Named `inbox`, not `mailbox`, so the standard library's module of that name cannot hide it.

Its settings (INTAKE_IMAP_URL, INTAKE_INBOX_DOMAINS, INTAKE_IMAP_*) are read and checked
when Intake starts, in `inbox/settings.py`; INTAKE_INBOX_ADDRESS is intake's own (it prints
the companies' addresses). Accounts per office or per company live in the database
(`intake mail accounts add`), their passwords encrypted with a key derived from
INTAKE_SECRET_KEY. Replies to senders are templates in `inbox/templates/messages/`.
"""
