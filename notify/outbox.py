"""The default when no gateway is set: e-mail as .eml files, SMS as lines, in one folder."""

from __future__ import annotations

import json
import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from intake.files import private_dir, private_file
from intake.models import utcnow
from notify.errors import DeliveryError, Problem, describe
from notify.outgoing import Handover, Outgoing
from notify.smtp import build_email

logger = logging.getLogger(__name__)

SMS_FILE = "sms.jsonl"
WHATSAPP_FILE = "whatsapp.jsonl"
_append_lock = threading.Lock()


@dataclass(frozen=True)
class MailOutbox:
    """Writes each e-mail as an .eml file in the outbox folder."""

    folder: Path

    def send(self, message: Outgoing, handover: Handover | None = None) -> str | None:
        """Write the e-mail to a new file; return its Message-ID."""
        email = build_email(message)
        stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
        slug = re.sub(r"[^a-z0-9]+", "-", message.recipient.lower()).strip("-")[:60]
        try:
            private_dir(self.folder)
            path = self.folder / f"{stamp}-{slug}.eml"
            private_file(path).write_bytes(email.as_bytes())
        except OSError as e:
            raise unwritable(self.folder, e) from e
        logger.info("e-mail to %s written to %s", message.recipient, path)
        return email["Message-ID"]


@dataclass(frozen=True)
class SmsOutbox:
    """Appends each SMS (or WhatsApp message) as one JSON line to a file in the outbox folder."""

    folder: Path
    filename: str = SMS_FILE

    def send(self, message: Outgoing, handover: Handover | None = None) -> str | None:
        """Append the message as a line: time, recipient (E.164), sender and text."""
        line = {
            "at": utcnow().isoformat(timespec="seconds"),
            "to": message.recipient,
            "from": message.sender,
            "message": message.body,
        }
        try:
            with (
                _append_lock,
                private_file(self.folder / self.filename).open("a", encoding="utf-8") as f,
            ):
                f.write(json.dumps(line, ensure_ascii=False) + "\n")
        except OSError as e:
            raise unwritable(self.folder, e) from e
        return None


def unwritable(folder: Path, error: OSError) -> DeliveryError:
    """Return the (passing) failure of an outbox folder that cannot be written."""
    return DeliveryError(
        Problem.OUTBOX_UNWRITABLE, temporary=True, folder=str(folder), detail=describe(error)
    )


def read_sms(folder: Path, filename: str = SMS_FILE) -> list[dict[str, str]]:
    """Return the SMS (or WhatsApp) lines written to an outbox folder, oldest first."""
    path = folder / filename
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
