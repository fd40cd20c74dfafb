"""Signing webhook requests by the Standard Webhooks scheme (standardwebhooks.com).

A request carries three headers: `webhook-id` (the message id, the same on every
retry so receivers can drop duplicates), `webhook-timestamp` (Unix seconds) and
`webhook-signature`. The signature is base64 of HMAC-SHA256 over
`{id}.{timestamp}.{body}` with the secret's key bytes, written `v1,<base64>`;
the header may hold several such entries separated by spaces, so that a
receiver keeps accepting requests while a secret is being rotated. Secrets are
written `whsec_` followed by base64 of the key bytes.
"""

import base64
import binascii
import hashlib
import hmac
import re
from collections.abc import Mapping
from secrets import token_bytes

_PREFIX = "whsec_"
_KEY_BYTES = 32
_VERSION = "v1"
_TIMESTAMP = re.compile(r"[0-9]{1,15}")


def new_secret() -> str:
    """A fresh random secret, `whsec_` + base64 of 32 key bytes."""
    return _PREFIX + base64.b64encode(token_bytes(_KEY_BYTES)).decode("ascii")


def secret_key(secret: str) -> bytes:
    """The key bytes of `secret`, written with or without the `whsec_` prefix.

    Raises ValueError when the rest is not base64 or is empty.
    """
    encoded = secret.removeprefix(_PREFIX)
    try:
        key = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("webhook secret is not valid base64") from exc
    if not key:
        raise ValueError("webhook secret is empty")
    return key


def _signature(key: bytes, message_id: str, timestamp: str, body: bytes) -> bytes:
    signed = f"{message_id}.{timestamp}.".encode() + body
    return hmac.new(key, signed, hashlib.sha256).digest()


def sign(*, secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The `webhook-signature` entry for one request: `v1,<base64>`."""
    digest = _signature(secret_key(secret), message_id, f"{timestamp:d}", body)
    return f"{_VERSION},{base64.b64encode(digest).decode('ascii')}"


def headers(*, secret: str, message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    """The three Standard Webhooks headers for a request whose exact body is `body`."""
    return {
        "webhook-id": message_id,
        "webhook-timestamp": f"{timestamp:d}",
        "webhook-signature": sign(
            secret=secret, message_id=message_id, timestamp=timestamp, body=body
        ),
    }


def _header(received: Mapping[str, str], name: str) -> str | None:
    for key, value in received.items():
        if isinstance(key, str) and key.lower() == name:
            return value if isinstance(value, str) else None
    return None


def _signatures(value: str) -> list[bytes]:
    found = []
    for entry in value.split():
        version, _, encoded = entry.partition(",")
        if version != _VERSION:
            continue
        try:
            found.append(base64.b64decode(encoded, validate=True))
        except (binascii.Error, ValueError):
            continue
    return found


def verify(
    *,
    secrets: list[str],
    headers: Mapping[str, str],
    body: bytes,
    now: int,
    tolerance: int = 300,
) -> bool:
    """Whether a request is signed by any of `secrets` and was sent within `tolerance`
    seconds of `now` (either way).

    Header names are matched case-insensitively. Missing or malformed headers, and
    entries of signature versions other than v1, never match. A malformed secret
    raises ValueError: that is the caller's configuration, not the request.
    """
    message_id = _header(headers, "webhook-id")
    timestamp = _header(headers, "webhook-timestamp")
    signature = _header(headers, "webhook-signature")
    if not message_id or timestamp is None or signature is None:
        return False
    if not _TIMESTAMP.fullmatch(timestamp):
        return False
    if abs(now - int(timestamp)) > tolerance:
        return False
    received = _signatures(signature)
    # The timestamp is signed as it was sent (a receiver must not re-format it).
    expected = [_signature(secret_key(secret), message_id, timestamp, body) for secret in secrets]
    # Compare every pair, without stopping early, so the time taken does not tell
    # which entry or secret came closest.
    matched = False
    for candidate in received:
        for digest in expected:
            matched |= hmac.compare_digest(candidate, digest)
    return matched
