"""Signing in to KSeF in a client's context (docs/uwierzytelnianie.md) and staying in.

challenge -> AuthTokenRequest signed as XAdES (a certificate) or the token encrypted with
RSA-OAEP under the Ministry's key (a KSeF token) -> the operation's status, polled until
KSeF decides -> accessToken and refreshToken, kept in memory per credential and context
and refreshed before they run out. Nothing of this is ever stored or logged.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

from intake.models import utcnow
from ksef.client import Answer, Api
from ksef.credentials import Credential
from ksef.crypto import PublicKey
from ksef.errors import AccessDenied, ApiError, PackageError, Reason, Unavailable
from ksef.vocabulary import CredentialKind
from ksef.xades import auth_token_request, sign

logger = logging.getLogger(__name__)

KEY_CACHE_S = 3600.0
_lock = threading.Lock()
_keys: dict[str, tuple[float, dict[str, PublicKey]]] = {}
_tokens: dict[tuple[str, int, str], Tokens] = {}


@dataclass
class Tokens:
    """An access token and the refresh token that renews it."""

    access: str
    access_until: dt.datetime
    refresh: str
    refresh_until: dt.datetime


def moment(text: str) -> dt.datetime:
    """Read an ISO 8601 moment as KSeF writes it (7 decimals, an offset or Z)."""
    text = text.strip().replace("Z", "+00:00")
    head, _, rest = text.partition(".")
    if rest:
        digits = "".join(ch for ch in rest if ch.isdigit())
        zone = rest[len(digits) :]
        text = f"{head}.{digits[:6]}{zone}"
    value = dt.datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def public_keys(api: Api) -> dict[str, PublicKey]:
    """Return the Ministry's keys by usage, fetched once an hour (the newest valid one)."""
    with _lock:
        cached = _keys.get(api.base_url)
        if cached and time.monotonic() - cached[0] < KEY_CACHE_S:
            return cached[1]
    found: dict[str, tuple[dt.datetime, PublicKey]] = {}
    now = utcnow()
    for item in api.call("GET", "/security/public-key-certificates", group="auth").json():
        if not moment(item["validFrom"]) <= now <= moment(item["validTo"]):
            continue
        key = PublicKey.from_der_b64(item["certificate"], item.get("publicKeyId"))
        for usage in item.get("usage", []):
            start = moment(item["validFrom"])
            if usage not in found or found[usage][0] < start:
                found[usage] = (start, key)
    keys = {usage: key for usage, (_, key) in found.items()}
    with _lock:
        _keys[api.base_url] = (time.monotonic(), keys)
    return keys


def forget_keys() -> None:
    """Drop the cached keys and tokens (KSeF rotated its key; tests start afresh)."""
    with _lock:
        _keys.clear()
        _tokens.clear()


@dataclass
class Connection:
    """One credential working in one client's context (contextIdentifier = the NIP)."""

    api: Api
    credential: Credential
    nip: str
    company: str
    poll_s: float = 1.0
    max_wait_s: float = 120.0

    @property
    def context(self) -> str:
        """Return the limiter's key of this context."""
        return f"{self.credential.environment}:{self.nip}"

    def access_token(self) -> str:
        """Return a valid access token, refreshing or signing in again as needed."""
        key = (self.api.base_url, self.credential.id, self.nip)
        with _lock:
            tokens = _tokens.get(key)
        now = utcnow()
        margin = dt.timedelta(seconds=60)
        if tokens and tokens.access_until - margin > now:
            return tokens.access
        if tokens and tokens.refresh_until - margin > now:
            try:
                tokens = self.refresh(tokens)
            except ApiError:
                tokens = None
        else:
            tokens = None
        if tokens is None:
            tokens = self.sign_in()
        with _lock:
            _tokens[key] = tokens
        return tokens.access

    def forget(self) -> None:
        """Forget this context's tokens (KSeF said 401: sign in again)."""
        with _lock:
            _tokens.pop((self.api.base_url, self.credential.id, self.nip), None)

    def refresh(self, tokens: Tokens) -> Tokens:
        """Renew the access token with the refresh token."""
        answer = self.api.call(
            "POST", "/auth/token/refresh", group="auth", context=self.context, bearer=tokens.refresh
        ).json()
        token = answer["accessToken"]
        return Tokens(
            token["token"], moment(token["validUntil"]), tokens.refresh, tokens.refresh_until
        )

    def sign_in(self) -> Tokens:
        """Authenticate in the context and redeem the tokens; raise AccessDenied if refused."""
        self.check_dates()
        challenge = self.api.call("POST", "/auth/challenge", group="auth", context=self.context)
        started = challenge.json()
        try:
            if self.credential.kind == CredentialKind.CERTIFICATE:
                operation = self.by_signature(started["challenge"])
            else:
                operation = self.by_token(started["challenge"], int(started["timestampMs"]))
        except ApiError as e:
            raise self.refused(e.detail) from e
        reference = operation["referenceNumber"]
        temporary = operation["authenticationToken"]["token"]
        self.wait_for(reference, temporary)
        redeemed = self.api.call(
            "POST", "/auth/token/redeem", group="auth", context=self.context, bearer=temporary
        ).json()
        access, refresh = redeemed["accessToken"], redeemed["refreshToken"]
        logger.info("signed in to KSeF in the context of %s", self.nip)
        return Tokens(
            access["token"],
            moment(access["validUntil"]),
            refresh["token"],
            moment(refresh["validUntil"]),
        )

    def check_dates(self) -> None:
        """Refuse, before asking KSeF, a certificate that has run out."""
        until = self.credential.valid_until
        if until is not None and until < utcnow():
            raise AccessDenied(Reason.CERTIFICATE_EXPIRED, company=self.company, day=until.date())

    def by_signature(self, challenge: str) -> dict:
        """Send the AuthTokenRequest signed as XAdES by the credential's certificate."""
        assert self.credential.certificate is not None and self.credential.key is not None
        document = sign(
            auth_token_request(challenge, self.nip),
            self.credential.certificate,
            self.credential.key,
        )
        return self.api.call(
            "POST",
            "/auth/xades-signature",
            group="auth",
            context=self.context,
            body=document,
            content_type="application/xml",
            ok=(202,),
        ).json()

    def by_token(self, challenge: str, timestamp_ms: int) -> dict:
        """Send the KSeF token with the challenge's time, encrypted under the Ministry's key."""
        assert self.credential.token is not None
        key = public_keys(self.api)["KsefTokenEncryption"]
        secret = f"{self.credential.token}|{timestamp_ms}".encode()
        payload = {
            "challenge": challenge,
            "contextIdentifier": {"type": "Nip", "value": self.nip},
            "encryptedToken": base64.b64encode(key.encrypt(secret)).decode(),
            "publicKeyId": key.public_key_id,
        }
        return self.api.call(
            "POST",
            "/auth/ksef-token",
            group="auth",
            context=self.context,
            payload=payload,
            ok=(202,),
        ).json()

    def wait_for(self, reference: str, temporary: str) -> None:
        """Poll the authentication's status until KSeF decides; raise when it refuses."""
        deadline = time.monotonic() + self.max_wait_s
        while True:
            answer = self.api.call(
                "GET", f"/auth/{reference}", group="auth", context=self.context, bearer=temporary
            ).json()
            status = answer.get("status") or {}
            code = int(status.get("code", 500))
            if code == 200:
                return
            if code != 100:
                raise self.verdict(code, status)
            if time.monotonic() > deadline:
                raise Unavailable(Reason.EXPORT_TIMEOUT, seconds=int(self.max_wait_s))
            self.api.sleep(self.poll_s)

    def verdict(self, code: int, status: dict) -> Exception:
        """Turn a failed authentication's status into the error staff read on the company."""
        detail = "; ".join(status.get("details") or []) or str(status.get("description", ""))
        if code == 415:
            return AccessDenied(Reason.NO_PERMISSION, company=self.company)
        if code == 450:
            return AccessDenied(Reason.TOKEN_REFUSED, company=self.company, detail=detail)
        if code == 460 and "odwołany" in detail.lower():
            return AccessDenied(Reason.CERTIFICATE_REVOKED, company=self.company)
        if code in (500, 550):
            return Unavailable(Reason.SERVER_ERROR, status=code, what="auth", detail=detail)
        return self.refused(detail)

    def refused(self, detail: str) -> AccessDenied:
        """Return the error of a credential KSeF will not take."""
        if self.credential.kind == CredentialKind.TOKEN:
            return AccessDenied(Reason.TOKEN_REFUSED, company=self.company, detail=detail)
        return AccessDenied(Reason.CREDENTIAL_REFUSED, company=self.company, detail=detail)

    def request(self, method: str, path: str, *, group: str = "other", **kwargs: Any) -> Answer:
        """Send an authorised request in the context; sign in again once after a 401."""
        for again in (False, True):
            try:
                return self.api.call(
                    method,
                    path,
                    group=group,
                    context=self.context,
                    bearer=self.access_token(),
                    **kwargs,
                )
            except ApiError as e:
                if e.status == 401 and not again:
                    self.forget()
                    continue
                if e.status == 403 and e.reason_code == "missing-permissions":
                    raise AccessDenied(Reason.NO_PERMISSION, company=self.company) from e
                raise
        raise PackageError(Reason.SERVER_ERROR, status=401, what=path, detail="")

    def permissions(self) -> set[str]:
        """Return the active permissions the credential holds in this context."""
        body = {"permissionState": "Active"}
        answer = self.request(
            "POST", "/permissions/query/personal/grants?pageSize=100", payload=body
        )
        items = answer.json().get("permissions", [])
        return {
            item["permissionScope"] for item in items if item.get("permissionState") == "Active"
        }
