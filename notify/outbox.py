"""The default when no gateway is set: e-mail as .eml files, SMS as lines, in one folder."""

from __future__ import annotations

import json
import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from intake.models import utcnow
from notify.channels import Outgoing
from notify.errors import DeliveryError
from notify.smtp import build_email

logger = logging.getLogger(__name__)

SMS_FILE = "sms.jsonl"
_append_lock = threading.Lock()


@dataclass(frozen=True)
class MailOutbox:
    """Writes each e-mail as an .eml file in the outbox folder."""

    folder: Path

    def send(self, message: Outgoing) -> str | None:
        """Write the e-mail to a new file; return its Message-ID."""
        email = build_email(message)
        stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
        slug = re.sub(r"[^a-z0-9]+", "-", message.recipient.lower()).strip("-")[:60]
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / f"{stamp}-{slug}.eml"
            path.write_bytes(email.as_bytes())
        except OSError as e:
            raise DeliveryError(f"outbox {self.folder}: {e}", temporary=True) from e
        logger.info("e-mail to %s written to %s", message.recipient, path)
        return email["Message-ID"]


@dataclass(frozen=True)
class SmsOutbox:
    """Appends each SMS as one JSON line to sms.jsonl in the outbox folder."""

    folder: Path

    def send(self, message: Outgoing) -> str | None:
        """Append the SMS as a line: time, recipient, sender and text."""
        line = {
            "at": utcnow().isoformat(timespec="seconds"),
            "to": message.recipient,
            "from": message.sender,
            "message": message.body,
        }
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with _append_lock, (self.folder / SMS_FILE).open("a", encoding="utf-8") as f:
                f.write(json.dumps(line, ensure_ascii=False) + "\n")
        except OSError as e:
            raise DeliveryError(f"outbox {self.folder}: {e}", temporary=True) from e
        return None


def read_sms(folder: Path) -> list[dict[str, str]]:
    """Return the SMS lines written to an outbox folder, oldest first."""
    path = folder / SMS_FILE
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
