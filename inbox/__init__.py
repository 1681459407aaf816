"""The IMAP inbox: e-mailed invoices into intake.accept.

Named `inbox`, not `mailbox`, so the standard library's module of that name cannot hide it.

Settings (read at start, never at import):

- INTAKE_IMAP_URL: the catch-all mailbox, `imaps://USER:PASS@HOST:993/INBOX` (TLS) or
  `imap://...` (STARTTLS, required). Plain text only as `imap://...?plaintext=loopback`
  and only to a loopback host; anything else is refused before connecting. Optional
  query: `cafile=` (trust a private CA), `processed=`, `rejected=` (folder names),
  `timeout=` (seconds).
- INTAKE_INBOX_ADDRESS: the catch-all address (`docs@office.pl` gives `docs+CODE@office.pl`)
  or a bare catch-all domain (`docs.office.pl` gives `CODE@docs.office.pl`).
- INTAKE_INBOX_DOMAINS: more catch-all domains, comma-separated.
- INTAKE_IMAP_CAFILE: a CA file for every account; INTAKE_IMAP_INTERVAL_S: seconds between
  passes of the background poller (60); INTAKE_IMAP_MAX_MESSAGE_MB: larger messages are
  rejected unread (60).

Accounts per office or per company live in the database (`intake mail accounts add`),
their passwords encrypted with a key derived from INTAKE_SECRET_KEY.
"""
