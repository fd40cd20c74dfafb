"""Signed upload policies, in the shape of an S3 browser-based POST. No Django imports.

`get_new_attachment_credentials` hands a client the form fields of an S3 POST
upload (`AWSAccessKeyId`, `key`, `policy`, `signature`, `acl`,
`success_action_status`); the client posts them with the file to Faktura's own
upload endpoint (UPLOAD_PATH). The signature is the only authority that
endpoint needs: no api_token travels with the file.

`policy` is base64 of a JSON object:

    {"expiration": "2026-11-22T12:00:00Z", "account_id": 1, "invoice_id": 7,
     "max_size": 10485760,
     "conditions": [{"key": "uploads/<32 hex>/${filename}"}, {"acl": "private"},
                    {"success_action_status": "201"},
                    ["content-length-range", 1, 10485760]]}

`signature` is base64 of HMAC-SHA256 over the policy's base64 text, keyed with
SHA-256 of a fixed purpose string and the server's secret key (so this key
signs nothing else). As in S3, `${filename}` in the key stands for the name of
the file posted; the form's `key` must be the policy's key exactly.
"""

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass

UPLOAD_PATH = "/attachments/upload"
# What the credentials call the access key: names Faktura's signer, proves nothing.
ACCESS_KEY_ID = "faktura"
ACL = "private"
SUCCESS_ACTION_STATUS = "201"
# The statuses S3 lets `success_action_status` ask for (anything else answers 204).
SUCCESS_STATUSES = ("200", "201", "204")
FILENAME_VARIABLE = "${filename}"
_KEY = re.compile(r"uploads/(?P<token>[0-9a-f]{32})/\$\{filename\}")
_PURPOSE = b"faktura.attachments.upload-policy"


class PolicyError(ValueError):
    """A policy or signature that cannot be trusted; `field` names the form field."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


# Reasons (the HTTP layer words them for people).
MISSING = "missing"
MALFORMED = "malformed"
BAD_SIGNATURE = "bad_signature"
EXPIRED = "expired"
MISMATCH = "mismatch"


@dataclass(frozen=True)
class Policy:
    key: str
    account_id: int
    invoice_id: int
    max_size: int
    expires_at: dt.datetime
    acl: str = ACL
    success_action_status: str = SUCCESS_ACTION_STATUS


def key_token(key: str) -> str:
    """The random part of a key of `new_key`'s form, which names one set of credentials."""
    match = _KEY.fullmatch(key)
    if match is None:
        raise PolicyError("key", MALFORMED)
    return match["token"]


def new_key() -> str:
    return f"uploads/{secrets.token_hex(16)}/{FILENAME_VARIABLE}"


def _signing_key(secret: str) -> bytes:
    return hashlib.sha256(_PURPOSE + b"\0" + secret.encode()).digest()


def sign(policy_text: str, secret: str) -> str:
    digest = hmac.new(_signing_key(secret), policy_text.encode("ascii"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def _utc_text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def encode(policy: Policy) -> str:
    """The policy's base64 text, as the `policy` form field carries it."""
    document = {
        "expiration": _utc_text(policy.expires_at),
        "account_id": policy.account_id,
        "invoice_id": policy.invoice_id,
        "max_size": policy.max_size,
        "conditions": [
            {"key": policy.key},
            {"acl": policy.acl},
            {"success_action_status": policy.success_action_status},
            ["content-length-range", 1, policy.max_size],
        ],
    }
    raw = json.dumps(document, separators=(",", ":")).encode()
    return base64.b64encode(raw).decode("ascii")


def credentials(policy: Policy, *, url: str, secret: str) -> dict[str, str]:
    """The fields a client posts with its file, and where to (`url`)."""
    text = encode(policy)
    return {
        "url": url,
        "AWSAccessKeyId": ACCESS_KEY_ID,
        "key": policy.key,
        "policy": text,
        "signature": sign(text, secret),
        "acl": policy.acl,
        "success_action_status": policy.success_action_status,
    }


def verify(fields: dict[str, str], *, secret: str, now: dt.datetime) -> Policy:
    """The policy the posted form `fields` carry, once its signature, expiry and the
    fields it signs all check out; PolicyError naming the first field that does not."""
    for name in ("AWSAccessKeyId", "key", "policy", "signature"):
        if not fields.get(name):
            raise PolicyError(name, MISSING)
    if fields["AWSAccessKeyId"] != ACCESS_KEY_ID:
        raise PolicyError("AWSAccessKeyId", MISMATCH)
    text = fields["policy"]
    try:
        expected = sign(text, secret)
    except UnicodeEncodeError:
        raise PolicyError("policy", MALFORMED) from None
    if not hmac.compare_digest(expected.encode(), fields["signature"].encode("utf-8", "replace")):
        raise PolicyError("signature", BAD_SIGNATURE)
    policy = _decode(text)
    if policy.expires_at <= now:
        raise PolicyError("policy", EXPIRED)
    if fields["key"] != policy.key:
        raise PolicyError("key", MISMATCH)
    key_token(policy.key)
    if fields.get("acl", policy.acl) != policy.acl:
        raise PolicyError("acl", MISMATCH)
    status = fields.get("success_action_status", policy.success_action_status)
    if status != policy.success_action_status:
        raise PolicyError("success_action_status", MISMATCH)
    return policy


def _decode(text: str) -> Policy:
    """A signed policy's content. Signed means written by `encode`, so a shape error
    here is a server bug or a changed format: still answered as malformed, not 5xx."""
    try:
        document = json.loads(base64.b64decode(text, validate=True))
        conditions = {}
        for condition in document["conditions"]:
            if isinstance(condition, dict):
                conditions.update(condition)
        expires_at = dt.datetime.fromisoformat(document["expiration"])
        if expires_at.tzinfo is None:
            raise ValueError("expiration without a zone")
        return Policy(
            key=str(conditions["key"]),
            account_id=int(document["account_id"]),
            invoice_id=int(document["invoice_id"]),
            max_size=int(document["max_size"]),
            expires_at=expires_at,
            acl=str(conditions["acl"]),
            success_action_status=str(conditions["success_action_status"]),
        )
    except (binascii.Error, ValueError, KeyError, TypeError):
        raise PolicyError("policy", MALFORMED) from None
