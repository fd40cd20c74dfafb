"""Multipass tokens: a user's identity, encrypted with keys both systems derive from
the two tokens they share. Pure functions: no Django.

Two schemes:

- `classic`, the one CRM and help-desk partners have long used: the key is the first
  16 bytes of SHA-1(token_1 + token_2); the JSON payload is PKCS#7-padded and
  encrypted with AES-128-CBC under a random 16-byte IV; the token is
  URL-safe Base64 (no padding needed) of IV + ciphertext.
- `signed`: SHA-256(token_1 + token_2) gives 32 bytes, the first 16 the AES-128 key,
  the last 16 the HMAC key; the token is URL-safe Base64 of IV + ciphertext +
  HMAC-SHA256(IV + ciphertext). The MAC is checked (in constant time) before
  anything is decrypted, so a tampered token is refused as such.

The payload is a JSON object with `login`, `email` (optional) and `expires`, an ISO
8601 time with its offset ("2026-11-22T12:00:00Z"). Checking when it expires and
whether it was seen before is the caller's job (see `faktura.integrations.multipass`).
"""

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

SCHEMES = ("classic", "signed")
BLOCK = 16
MAC_SIZE = 32
MAX_TOKEN_LENGTH = 8192


class TokenError(ValueError):
    """A token that cannot be read: its reason is for the log, never for the visitor."""


@dataclass(frozen=True)
class Keys:
    encryption: bytes
    signing: bytes | None  # None for the classic scheme


def keys(scheme: str, token_1: str, token_2: str) -> Keys:
    material = (token_1 + token_2).encode()
    if scheme == "classic":
        return Keys(hashlib.sha1(material).digest()[:BLOCK], None)  # noqa: S324 - the scheme's
    if scheme == "signed":
        digest = hashlib.sha256(material).digest()
        return Keys(digest[:BLOCK], digest[BLOCK:])
    raise ValueError(f"unknown multipass scheme {scheme!r}")


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _b64decode(text: str) -> bytes:
    cleaned = "".join(text.split())  # line breaks some encoders add
    cleaned = cleaned.replace("+", "-").replace("/", "_")  # plain Base64 too
    try:
        return base64.urlsafe_b64decode(cleaned + "=" * (-len(cleaned) % 4))
    except (binascii.Error, ValueError) as error:
        raise TokenError("not Base64") from error


def encode(payload: dict, key: Keys, *, iv: bytes | None = None) -> str:
    """The token carrying `payload` (a JSON object)."""
    iv = iv or secrets.token_bytes(BLOCK)
    padder = padding.PKCS7(128).padder()
    plain = padder.update(json.dumps(payload).encode()) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key.encryption), modes.CBC(iv)).encryptor()
    body = iv + encryptor.update(plain) + encryptor.finalize()
    if key.signing is not None:
        body += hmac.new(key.signing, body, hashlib.sha256).digest()
    return _b64encode(body)


def decode(token: str, key: Keys) -> dict:
    """The payload of `token`; TokenError when it is malformed, tampered or wrongly keyed."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise TokenError("empty or too long")
    raw = _b64decode(token)
    if key.signing is not None:
        if len(raw) < BLOCK * 2 + MAC_SIZE:
            raise TokenError("too short")
        raw, mac = raw[:-MAC_SIZE], raw[-MAC_SIZE:]
        expected = hmac.new(key.signing, raw, hashlib.sha256).digest()
        if not hmac.compare_digest(mac, expected):
            raise TokenError("signature does not match (tampered or other keys)")
    if len(raw) < BLOCK * 2 or len(raw) % BLOCK:
        raise TokenError("not whole AES blocks")
    iv, ciphertext = raw[:BLOCK], raw[BLOCK:]
    decryptor = Cipher(algorithms.AES(key.encryption), modes.CBC(iv)).decryptor()
    padded = decryptor.update(ciphertext) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    try:
        plain = unpadder.update(padded) + unpadder.finalize()
        payload = json.loads(plain.decode())
    except (ValueError, UnicodeDecodeError) as error:
        raise TokenError("does not decrypt to JSON (tampered or other keys)") from error
    if not isinstance(payload, dict):
        raise TokenError("payload is not an object")
    return payload


def expires_at(payload: dict) -> dt.datetime:
    """The payload's `expires` as an aware time; TokenError when missing or malformed."""
    text = payload.get("expires")
    if not isinstance(text, str):
        raise TokenError("no expires")
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as error:
        raise TokenError("expires is not an ISO 8601 time") from error
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when


def digest(token: str) -> str:
    """What identifies a token once seen (its decoded bytes, so re-encodings match)."""
    return hashlib.sha256(_b64decode(token)).hexdigest()
