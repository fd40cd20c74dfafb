"""The signed policy and file names, without a database."""

import base64
import datetime as dt
import json

import pytest

from faktura.attachments import names, signing

SECRET = "test-secret"
NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)


def _policy(**changes) -> signing.Policy:
    values = {
        "key": "uploads/" + "ab" * 16 + "/${filename}",
        "account_id": 3,
        "invoice_id": 7,
        "max_size": 1024,
        "expires_at": NOW + dt.timedelta(hours=1),
        **changes,
    }
    return signing.Policy(**values)


def _fields(policy: signing.Policy, secret: str = SECRET) -> dict[str, str]:
    given = signing.credentials(
        policy, url="https://acme.example.com/attachments/upload", secret=secret
    )
    return {name: value for name, value in given.items() if name != "url"}


def test_a_signed_policy_verifies_to_itself():
    policy = _policy()
    assert signing.verify(_fields(policy), secret=SECRET, now=NOW) == policy


def test_the_policy_names_key_invoice_account_expiry_and_size():
    document = json.loads(base64.b64decode(signing.encode(_policy())))
    assert document == {
        "expiration": "2026-11-22T13:00:00Z",
        "account_id": 3,
        "invoice_id": 7,
        "max_size": 1024,
        "conditions": [
            {"key": "uploads/" + "ab" * 16 + "/${filename}"},
            {"acl": "private"},
            {"success_action_status": "201"},
            ["content-length-range", 1, 1024],
        ],
    }


def test_another_secret_does_not_verify():
    with pytest.raises(signing.PolicyError) as caught:
        signing.verify(_fields(_policy(), secret="other"), secret=SECRET, now=NOW)
    assert (caught.value.field, caught.value.reason) == ("signature", signing.BAD_SIGNATURE)


def test_the_signature_is_hmac_sha256_keyed_apart_from_the_secret_itself():
    import hashlib
    import hmac

    text = signing.encode(_policy())
    plain = base64.b64encode(hmac.new(SECRET.encode(), text.encode(), hashlib.sha256).digest())
    assert signing.sign(text, SECRET) != plain.decode()
    assert len(base64.b64decode(signing.sign(text, SECRET))) == 32


def test_a_policy_expires_at_its_expiration():
    policy = _policy()
    with pytest.raises(signing.PolicyError) as caught:
        signing.verify(_fields(policy), secret=SECRET, now=policy.expires_at)
    assert caught.value.reason == signing.EXPIRED


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("key", "uploads/" + "cd" * 16 + "/${filename}", signing.MISMATCH),
        ("acl", "public-read", signing.MISMATCH),
        ("success_action_status", "204", signing.MISMATCH),
        ("AWSAccessKeyId", "AKIA", signing.MISMATCH),
        ("signature", "", signing.MISSING),
        ("policy", "e30=", signing.BAD_SIGNATURE),
    ],
)
def test_each_field_is_checked(field, value, reason):
    fields = _fields(_policy())
    fields[field] = value
    with pytest.raises(signing.PolicyError) as caught:
        signing.verify(fields, secret=SECRET, now=NOW)
    assert caught.value.reason == reason


def test_a_key_not_of_fakturas_form_is_refused_even_when_signed():
    policy = _policy(key="../../etc/passwd")
    with pytest.raises(signing.PolicyError) as caught:
        signing.verify(_fields(policy), secret=SECRET, now=NOW)
    assert (caught.value.field, caught.value.reason) == ("key", signing.MALFORMED)


def test_a_signed_text_that_is_no_policy_is_malformed():
    text = base64.b64encode(b'{"conditions": 5}').decode()
    fields = {**_fields(_policy()), "policy": text, "signature": signing.sign(text, SECRET)}
    with pytest.raises(signing.PolicyError) as caught:
        signing.verify(fields, secret=SECRET, now=NOW)
    assert (caught.value.field, caught.value.reason) == ("policy", signing.MALFORMED)


def test_a_non_ascii_policy_is_malformed_not_an_error():
    fields = {**_fields(_policy()), "policy": "zażółć"}
    with pytest.raises(signing.PolicyError) as caught:
        signing.verify(fields, secret=SECRET, now=NOW)
    assert caught.value.field == "policy"


def test_new_keys_are_random():
    assert signing.new_key() != signing.new_key()
    assert len(signing.key_token(signing.new_key())) == 32


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("umowa.pdf", "umowa.pdf"),
        ("C:\\Users\\jan\\umowa.pdf", "umowa.pdf"),
        ("../../etc/passwd", "passwd"),
        ("..", "attachment"),
        ("", "attachment"),
        (".htaccess", "htaccess"),
        ("a\x00b\nc.txt", "abc.txt"),
        ('zły"plik?.pdf', "zły_plik_.pdf"),
        ("  spacje.pdf  ", "spacje.pdf"),
        ("Zaz\u0307o\u0301łc\u0301.pdf", "Zażółć.pdf"),
    ],
)
def test_names_are_cleaned(raw, clean):
    assert names.clean_name(raw) == clean


def test_long_names_keep_their_extension():
    cleaned = names.clean_name("x" * 500 + ".pdf")
    assert len(cleaned) == names.MAX_NAME
    assert cleaned.endswith("x.pdf")


def test_repeated_names_are_numbered_ignoring_case():
    assert names.unique_names(["a.pdf", "A.pdf", "a.pdf", "b", "b", "a (1).pdf"]) == [
        "a.pdf",
        "A (1).pdf",
        "a (2).pdf",
        "b",
        "b (1)",
        "a (1) (1).pdf",
    ]


@pytest.mark.parametrize(
    ("declared", "name", "expected"),
    [
        ("image/png", "x.bin", "image/png"),
        ("application/octet-stream", "x.pdf", "application/pdf"),
        ("", "x.unknownext", "application/octet-stream"),
        ("text/html; charset=utf-8", "x", "text/html"),
        ("nonsense", "x.txt", "text/plain"),
    ],
)
def test_content_types(declared, name, expected):
    assert names.content_type(declared, name) == expected
