"""Where gateways report delivery: Twilio's status callbacks, SMSAPI's callbacks, WhatsApp's
webhook. Public (the gateways have no login) and without CSRF, so each checks what it can:
Twilio's and Meta's signatures; SMSAPI names its own message ids, which nobody else knows."""

from __future__ import annotations

import logging

from flask import Blueprint, Flask, Response, abort, request

from notify.receipts import Receipt, from_smsapi, from_twilio, from_whatsapp, record_receipt
from notify.settings import NotifySettings
from notify.twilio import TwilioChannel, valid_signature
from notify.whatsapp import valid_signature as whatsapp_signed
from portal.db import get_db, get_runtime
from portal.security import csrf

logger = logging.getLogger(__name__)

bp = Blueprint("hooks", __name__, url_prefix="/hooks")


def config() -> NotifySettings:
    """Return notify's settings."""
    return get_runtime().settings.section("notify")


def record(receipts: list[Receipt]) -> None:
    """Record receipts on the messages they name."""
    session = get_db()
    for receipt in receipts:
        record_receipt(session, get_runtime().settings, receipt)
    session.commit()


@bp.post("/twilio")
def twilio():
    """Take a Twilio status callback signed with the account's auth token."""
    channel = config().sms
    if not isinstance(channel, TwilioChannel):
        abort(404)
    url = get_runtime().settings.base_url + request.full_path.rstrip("?")
    form = request.form.to_dict()
    if not valid_signature(channel.token, url, form, request.headers.get("X-Twilio-Signature", "")):
        logger.warning("a Twilio callback without a valid signature")
        abort(403)
    record(from_twilio(form))
    return Response(status=204)


@bp.get("/smsapi")
def smsapi():
    """Take an SMSAPI delivery callback (it expects 'OK')."""
    record(from_smsapi(request.args.to_dict()))
    return Response("OK", mimetype="text/plain")


@bp.get("/whatsapp")
def whatsapp_verify():
    """Answer Meta's webhook verification with its challenge, given the verify token."""
    token = config().whatsapp_verify_token
    args = request.args
    if token and args.get("hub.mode") == "subscribe" and args.get("hub.verify_token") == token:
        return Response(args.get("hub.challenge", ""), mimetype="text/plain")
    abort(403)


@bp.post("/whatsapp")
def whatsapp():
    """Take a WhatsApp Cloud API webhook signed with the app secret."""
    secret = config().whatsapp_app_secret
    body = request.get_data()
    if not secret or not whatsapp_signed(
        secret, body, request.headers.get("X-Hub-Signature-256", "")
    ):
        logger.warning("a WhatsApp webhook without a valid signature")
        abort(403)
    record(from_whatsapp(request.get_json(silent=True) or {}))
    return Response(status=200)


def init_app(app: Flask) -> None:
    """Let the gateways post without a CSRF token (they sign instead)."""
    csrf.exempt(bp)
