"""Delivery receipts: what SMSAPI, Twilio and WhatsApp report about messages they took.

Each gateway calls its webhook (portal/hooks.py) in its own format; here each is read
into (gateway id, outcome, detail) and recorded on the notification the id names: a
message is `delivered` only where a gateway says so; one reported undelivered is
`failed`, with the gateway's words, and its sender is told. Receipts may come twice or
out of order: delivered is never taken back by a late 'sent', and failed stays failed.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.config import Settings
from intake.models import utcnow
from notify.errors import Problem
from notify.failures import tell_sender
from notify.models import Notification
from notify.vocabulary import NotificationState

logger = logging.getLogger(__name__)

DELIVERED, FAILED = NotificationState.DELIVERED, NotificationState.FAILED
# What each gateway's words mean (anything else: still on its way).
TWILIO = {"delivered": DELIVERED, "read": DELIVERED, "undelivered": FAILED, "failed": FAILED}
WHATSAPP = {"delivered": DELIVERED, "read": DELIVERED, "failed": FAILED}
SMSAPI = {
    "DELIVERED": DELIVERED,
    "404": DELIVERED,
    "UNDELIVERED": FAILED,
    "405": FAILED,
    "FAILED": FAILED,
    "406": FAILED,
    "REJECTED": FAILED,
    "407": FAILED,
    "EXPIRED": FAILED,
    "402": FAILED,
}


@dataclass(frozen=True)
class Receipt:
    """One gateway's word on one message."""

    gateway_id: str
    state: NotificationState
    detail: str = ""
    key: str | None = None  # our idempotency key, where the gateway returns it (SMSAPI idx)


def from_twilio(form: Mapping[str, str]) -> list[Receipt]:
    """Read a Twilio status callback (MessageSid, MessageStatus, ErrorCode)."""
    state = TWILIO.get(form.get("MessageStatus", ""))
    if state is None or not form.get("MessageSid"):
        return []
    detail = f"{form.get('ErrorCode', '')} {form.get('ErrorMessage', '')}".strip()
    return [Receipt(form["MessageSid"], state, detail or form["MessageStatus"])]


def from_whatsapp(payload: Any) -> list[Receipt]:
    """Read a WhatsApp Cloud API webhook: entry[].changes[].value.statuses[]."""
    found = []
    entries = payload.get("entry", []) if isinstance(payload, dict) else []
    for entry in entries:
        for change in entry.get("changes", []):
            for status in (change.get("value") or {}).get("statuses", []):
                state = WHATSAPP.get(status.get("status", ""))
                if state is None or not status.get("id"):
                    continue
                errors = status.get("errors") or []
                detail = "; ".join(
                    f"{e.get('code', '')} {e.get('title', '')}".strip() for e in errors
                )
                found.append(Receipt(status["id"], state, detail or status["status"]))
    return found


def from_smsapi(args: Mapping[str, str]) -> list[Receipt]:
    """Read an SMSAPI delivery callback (MsgId, status, status_name, idx; lists by commas)."""
    ids = args.get("MsgId", "").split(",")
    names = args.get("status_name", "").split(",")
    codes = args.get("status", "").split(",")
    keys = args.get("idx", "").split(",")
    found = []
    for i, gateway_id in enumerate(ids):
        name = names[i] if i < len(names) else ""
        code = codes[i] if i < len(codes) else ""
        state = SMSAPI.get(name.strip().upper()) or SMSAPI.get(code.strip())
        if state is None or not gateway_id.strip():
            continue
        key = keys[i].strip() if i < len(keys) and keys[i].strip() else None
        found.append(Receipt(gateway_id.strip(), state, name or code, key))
    return found


def record_receipt(session: Session, settings: Settings, receipt: Receipt) -> Notification | None:
    """Record a receipt on the message it names; None when no message of ours has that id."""
    row = session.scalar(
        select(Notification).where(Notification.gateway_id == receipt.gateway_id).limit(1)
    )
    if row is not None and receipt.key and row.key != receipt.key:
        row = None  # an id and a key that do not belong together: not ours to believe
    if row is None:
        logger.info("receipt for unknown message %s", receipt.gateway_id)
        return None
    if row.status == FAILED:
        return row
    if receipt.state == DELIVERED:
        row.status, row.delivered_at, row.error = DELIVERED, utcnow(), None
        row.gateway_id = row.gateway_id or receipt.gateway_id
    else:
        row.status = FAILED
        row.error = Problem.NOT_DELIVERED.message(detail=receipt.detail)
        tell_sender(session, settings, row)
    return row
