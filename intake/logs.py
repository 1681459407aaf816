"""No secret in a log: URL passwords and tokens, and signed links, masked in every line.

`mask(text)` hides the userinfo of every URL ('redis://***@host'), signed tokens
(itsdangerous' 'payload.stamp.signature', an approval link's last part) and query
parameters that carry a secret. `SecretFilter` applies it to every record of a logger or
handler; `intake` installs it on its log handlers, the portal on its request log.
"""

from __future__ import annotations

import logging
import re

USERINFO = re.compile(r"(\b[a-z][a-z0-9+.\-]*://)[^/\s@?#]*@", re.IGNORECASE)
# itsdangerous' URL-safe signed tokens: payload.timestamp.signature (all base64url).
SIGNED = re.compile(r"\b[A-Za-z0-9_\-]{16,}\.[A-Za-z0-9_\-]{4,8}\.[A-Za-z0-9_\-]{20,}\b")
LINK_TOKEN = re.compile(r"(/approve/)[^/\s?#\"']+")
SECRET_PARAM = re.compile(
    r"(?i)\b(token|key|secret|password|passwd|sig|signature|access_token)=[^&\s\"']+"
)
HIDDEN = "***"


def hide_userinfo(text: str) -> str:
    """Return a text with the userinfo of every URL in it hidden ('smsapi://***@host')."""
    return USERINFO.sub(rf"\1{HIDDEN}@", text)


def mask(text: str) -> str:
    """Return a text with URL passwords, tokens and signed links hidden."""
    text = hide_userinfo(text)
    text = LINK_TOKEN.sub(rf"\1{HIDDEN}", text)
    text = SIGNED.sub(HIDDEN, text)
    return SECRET_PARAM.sub(rf"\1={HIDDEN}", text)


class SecretFilter(logging.Filter):
    """Mask secrets in a log record's final message (it never stops a record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message with its secrets hidden."""
        try:
            message = record.getMessage()
        except Exception:  # a broken record is logging's own business
            return True
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def install(*loggers: logging.Logger | logging.Handler) -> None:
    """Put the filter on loggers or handlers (once each)."""
    for target in loggers:
        if not any(isinstance(f, SecretFilter) for f in target.filters):
            target.addFilter(SecretFilter())
