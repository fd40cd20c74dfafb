"""Who is calling: every credential form the API's clients use.

- `api_token` as a query parameter or a top-level body key;
- `Authorization: Bearer TOKEN`;
- HTTP Basic `login:password` (login or e-mail);
- any token in the `TOKEN/prefix` form, where the prefix must be the token's account.

The account is always the credential's. When the Host names an account
(`acme.example.com`), it must be that same account. Each token is rate
limited per minute.
"""

import base64
import binascii
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja.security.base import AuthBase

from faktura.accounts import selectors
from faktura.accounts.accounting_offices import office_view
from faktura.accounts.models import Membership
from faktura.accounts.urls import host_prefix
from faktura.api.errors import RateLimited, Unauthenticated
from faktura.api.parsing import request_body
from faktura.errors import Forbidden


def _authorization(request: HttpRequest) -> tuple[str, str]:
    scheme, _, value = request.META.get("HTTP_AUTHORIZATION", "").strip().partition(" ")
    return scheme.lower(), value.strip()


def _basic_credentials(value: str) -> tuple[str, str]:
    try:
        decoded = base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise Unauthenticated("Malformed HTTP Basic credentials") from None
    login, sep, password = decoded.partition(":")
    if not sep:
        raise Unauthenticated("Malformed HTTP Basic credentials")
    return login, password


def _token_from_request(request: HttpRequest) -> str | None:
    scheme, value = _authorization(request)
    if scheme == "bearer" and value:
        return value
    token = request.GET.get("api_token")
    if token:
        return token
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        token = request_body(request).get("api_token")
        if isinstance(token, str) and token:
            return token
    return None


def _for_host(request: HttpRequest, membership: Membership) -> Membership:
    """The membership for the account the host names: the caller's own, or (for an
    accounting office's user on a linked client's host) a read-only one."""
    prefix = host_prefix(request)
    if prefix is None or prefix == membership.account.prefix:
        return membership
    view = office_view(membership, prefix)
    if view is None:
        raise Unauthenticated(
            f"These credentials belong to another account than {prefix!r} named by the host"
        )
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        raise Forbidden(_("An accounting office reads a linked account and changes nothing"))
    return view


def _check_rate(membership: Membership) -> None:
    limit = settings.FAKTURA_API_RATE_LIMIT_PER_MINUTE
    if limit <= 0:
        return
    now = time.time()
    window = int(now // 60)
    key = f"api-rate:{membership.pk}:{window}"
    cache.add(key, 0, timeout=90)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=90)
        count = 1
    if count > limit:
        raise RateLimited(retry_after=max(1, 60 - int(now % 60)))


def resolve_membership(request: HttpRequest) -> Membership | None:
    """The membership the request's credentials name, or None when it carries none."""
    scheme, value = _authorization(request)
    if scheme == "basic":
        login, password = _basic_credentials(value)
        membership = selectors.membership_for_password(
            login=login, password=password, prefix=host_prefix(request)
        )
        if membership is None:
            raise Unauthenticated()
        return membership
    token = _token_from_request(request)
    if token is None:
        return None
    token, _, token_prefix = token.partition("/")
    membership = selectors.membership_for_token(token)
    if membership is None:
        raise Unauthenticated()
    if token_prefix and token_prefix.lower() != membership.account.prefix:
        raise Unauthenticated()
    return membership


class ApiAuth(AuthBase):
    """Django Ninja auth: sets `request.auth` to the caller's Membership."""

    # What the OpenAPI document shows; Bearer and Basic work as well.
    openapi_type = "apiKey"
    openapi_name = "api_token"
    openapi_in = "query"

    def __call__(self, request: HttpRequest) -> Membership | None:
        membership = resolve_membership(request)
        if membership is None:
            return None
        _check_rate(membership)
        membership = _for_host(request, membership)
        request.account = membership.account
        # Messages (422 reasons, e-mails) speak the account's language.
        translation.activate(membership.account.lang)
        request.LANGUAGE_CODE = membership.account.lang
        return membership
