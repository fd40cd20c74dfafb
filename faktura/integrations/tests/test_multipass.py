"""Multipass single sign-on, tokens made and read by an implementation written here (pure
Python AES from `pyaes`, not the `cryptography` package Faktura uses): signing in, every
refusal (expired, replayed, tampered, other keys, unknown users), creating users, and
going over to the partner."""

import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
import os
from urllib.parse import parse_qs, urlsplit

import pyaes
import pytest
from django.test import Client
from django.utils import timezone

from faktura.accounts.models import Membership, User
from faktura.errors import Invalid
from faktura.integrations.models import MultipassSettings
from faktura.integrations.multipass import multipass_settings_update
from faktura.tests import factories

pytestmark = pytest.mark.django_db

HOST = "acme.faktura.test"
TOKEN_1 = "AAAAABBBBBCCCC"
TOKEN_2 = "XXXXYYYYZZZZ"


def _keys(scheme: str, first: str, second: str) -> tuple[bytes, bytes | None]:
    if scheme == "classic":
        return hashlib.sha1((first + second).encode()).digest()[:16], None  # noqa: S324
    digest = hashlib.sha256((first + second).encode()).digest()
    return digest[:16], digest[16:]


def make_token(payload: dict, scheme="classic", first=TOKEN_1, second=TOKEN_2) -> str:
    key, mac_key = _keys(scheme, first, second)
    plain = json.dumps(payload).encode()
    plain += bytes([16 - len(plain) % 16]) * (16 - len(plain) % 16)
    iv = os.urandom(16)
    encrypter = pyaes.Encrypter(pyaes.AESModeOfOperationCBC(key, iv=iv), padding=pyaes.PADDING_NONE)
    body = iv + encrypter.feed(plain) + encrypter.feed()
    if mac_key is not None:
        body += hmac.new(mac_key, body, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(body).decode().rstrip("=")


def read_token(token: str, scheme="classic") -> dict:
    key, mac_key = _keys(scheme, TOKEN_1, TOKEN_2)
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    if mac_key is not None:
        raw, mac = raw[:-32], raw[-32:]
        assert hmac.compare_digest(mac, hmac.new(mac_key, raw, hashlib.sha256).digest())
    decrypter = pyaes.Decrypter(
        pyaes.AESModeOfOperationCBC(key, iv=raw[:16]), padding=pyaes.PADDING_NONE
    )
    plain = decrypter.feed(raw[16:]) + decrypter.feed()
    return json.loads(plain[: -plain[-1]])


def _payload(login: str, email: str | None = None, minutes: float = 2) -> dict:
    expires = timezone.now() + dt.timedelta(minutes=minutes)
    payload = {"login": login, "expires": expires.isoformat()}
    if email is not None:
        payload["email"] = email
    return payload


@pytest.fixture
def multipass(owner):
    return MultipassSettings.objects.create(
        account=owner.account,
        enabled=True,
        url="https://crm.example.com/multipass/login",
        token_1=TOKEN_1,
        token_2=TOKEN_2,
    )


def _open(path: str, host: str = HOST) -> tuple[Client, object]:
    browser = Client(HTTP_HOST=host, HTTP_ACCEPT="text/html")
    return browser, browser.get(path)


def _signed_in(browser: Client) -> bool:
    return browser.get("/").status_code == 200


@pytest.mark.parametrize("scheme", ["classic", "signed"])
def test_a_token_signs_its_user_in_once(owner, multipass, scheme):
    multipass.scheme = scheme
    multipass.save()
    token = make_token(_payload(owner.user.login, owner.user.email), scheme)
    browser, response = _open(f"/multipass/login?multipass={token}")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _signed_in(browser)
    replay, again = _open(f"/multipass/{token}")
    assert again.status_code == 403
    assert not _signed_in(replay)


def test_the_token_in_the_path_and_a_page_to_return_to(owner, multipass):
    token = make_token(_payload(owner.user.login))
    browser, response = _open(f"/multipass/{token}?return_to=/invoices/new")
    assert response["Location"] == "/invoices/new"
    _, elsewhere = _open(
        f"/multipass/login?multipass={make_token(_payload(owner.user.login))}"
        "&return_to=https://evil.example/"
    )
    assert elsewhere["Location"] == "/"


def _tampered_classic(token: str) -> str:
    raw = bytearray(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    raw[0] ^= 0x01  # the IV: the payload's first character, "{", becomes "z"
    return base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")


def _tampered_signed(token: str) -> str:
    raw = bytearray(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    raw[20] ^= 0x01  # a ciphertext byte: the MAC no longer matches
    return base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")


@pytest.mark.parametrize(
    ("case", "scheme", "token_of"),
    [
        ("expired", "classic", lambda login: make_token(_payload(login, minutes=-1))),
        ("over a day", "classic", lambda login: make_token(_payload(login, minutes=60 * 25))),
        ("other keys", "classic", lambda login: make_token(_payload(login), first="other-token")),
        ("other keys", "signed", lambda login: make_token(_payload(login), "signed", "x" * 9)),
        ("tampered", "classic", lambda login: _tampered_classic(make_token(_payload(login)))),
        (
            "tampered",
            "signed",
            lambda login: _tampered_signed(make_token(_payload(login), "signed")),
        ),
        ("no login", "classic", lambda login: make_token({"expires": "2099-01-01T00:00:00Z"})),
        ("garbage", "classic", lambda login: "not-a-token"),
        ("unknown user", "classic", lambda login: make_token(_payload("nieznany"))),
        (
            "other e-mail",
            "classic",
            lambda login: make_token(_payload(login, "ktos.inny@example.com")),
        ),
    ],
)
def test_refused_tokens_get_a_clear_page_and_a_log_line(
    owner, multipass, caplog, case, scheme, token_of
):
    multipass.scheme = scheme
    multipass.save()
    with caplog.at_level(logging.WARNING, logger="faktura.integrations.multipass"):
        browser, response = _open(f"/multipass/login?multipass={token_of(owner.user.login)}")
    assert response.status_code == 403, case
    assert "Logowanie jednokrotne nie powiodło się" in response.content.decode()
    assert not _signed_in(browser)
    assert any("Multipass refused for account acme" in r.getMessage() for r in caplog.records)


def test_off_or_on_the_bare_host_nobody_is_signed_in(owner, multipass):
    token = make_token(_payload(owner.user.login))
    _, bare = _open(f"/multipass/login?multipass={token}", host="app.faktura.test")
    assert bare.status_code == 404
    multipass.enabled = False
    multipass.save()
    _, off = _open(f"/multipass/login?multipass={token}")
    assert off.status_code == 403


def test_a_new_login_becomes_a_member_when_the_account_allows_it(owner, multipass, other_owner):
    multipass.create_users = True
    multipass.save()
    token = make_token(_payload("handlowiec", "handlowiec@example.com"))
    browser, response = _open(f"/multipass/login?multipass={token}")
    assert response.status_code == 302
    assert _signed_in(browser)
    member = Membership.objects.get(account=owner.account, user__login="handlowiec")
    assert (member.role, member.user.email) == ("member", "handlowiec@example.com")
    assert not member.user.has_usable_password()
    # Never someone else's login or e-mail, and never without an e-mail.
    for payload in (
        _payload(other_owner.user.login, "nowy@example.com"),
        _payload("nowy", other_owner.user.email),
        _payload("bez-adresu"),
    ):
        _, refused = _open(f"/multipass/login?multipass={make_token(payload)}")
        assert refused.status_code == 403
    assert not User.objects.filter(login__in=["nowy", "bez-adresu"]).exists()
    assert not Membership.objects.filter(account=owner.account, user=other_owner.user).exists()


def test_going_over_to_the_partner_carries_a_fresh_token(owner, multipass, signed_in):
    browser = signed_in(owner.user.login)
    response = browser.get("/multipass/out")
    assert response.status_code == 302
    address = urlsplit(response["Location"])
    assert (address.scheme, address.netloc, address.path) == (
        "https",
        "crm.example.com",
        "/multipass/login",
    )
    payload = read_token(parse_qs(address.query)["multipass"][0])
    assert (payload["login"], payload["email"]) == (owner.user.login, owner.user.email)
    expires = dt.datetime.fromisoformat(payload["expires"])
    assert dt.timedelta(minutes=4) < expires - timezone.now() <= dt.timedelta(minutes=5)


def test_going_over_without_settings_says_so(owner, signed_in):
    assert signed_in(owner.user.login).get("/multipass/out").status_code == 404
    member = factories.member(owner)
    assert signed_in(member.user.email).get("/multipass/out").status_code == 404


def test_settings_refuse_short_tokens_and_unknown_schemes(owner):
    with pytest.raises(Invalid) as error:
        multipass_settings_update(
            account=owner.account, data={"enabled": True, "token_1": "krótki", "token_2": "x"}
        )
    assert set(error.value.errors) == {"token_1", "token_2"}
    with pytest.raises(Invalid) as error:
        multipass_settings_update(account=owner.account, data={"scheme": "rot13"})
    assert set(error.value.errors) == {"scheme"}
    assert not MultipassSettings.objects.filter(enabled=True).exists()
