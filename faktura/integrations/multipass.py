"""Multipass single sign-on with a partner system (seed 001: the CRM and Faktura).

Inbound: `multipass_member` reads a token the partner made for this account (its
settings' two tokens and scheme, see `multipass_tokens`) and gives the member to
sign in. Refused, with the reason logged (never shown: it would help a forger),
when Multipass is off, the token does not decrypt or verify, it has expired (or
claims to live longer than a day), it was used before, it names no login, or the
login's e-mail differs from the one the token carries. A login the account does not
have is created as a member, with the token's e-mail, only when the account allows
it and neither login nor e-mail belongs to anyone yet.

Outbound: `multipass_url` is the partner's address with a token for the signed-in
user (login, e-mail, 5 minutes), the panel's "go to CRM" link.
"""

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from faktura.accounts.models import Account, Membership
from faktura.accounts.services import membership_create_signed_on
from faktura.errors import Invalid
from faktura.integrations import multipass_tokens as tokens
from faktura.integrations.models import MultipassSettings, MultipassUse

logger = logging.getLogger(__name__)

# A token may not claim to live longer than this: used tokens are kept until they
# expire, and a long-lived token is a long-lived password.
MAX_LIFETIME = dt.timedelta(days=1)
OUTBOUND_LIFETIME = dt.timedelta(minutes=5)


class MultipassRefused(Exception):
    """The token signs nobody in; `reason` is for the log."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def settings_of(account: Account) -> MultipassSettings | None:
    return MultipassSettings.objects.filter(account=account).first()


def is_configured(settings: MultipassSettings | None) -> bool:
    return bool(settings and settings.enabled and settings.token_1 and settings.token_2)


def multipass_member(*, account: Account, token: str, now: dt.datetime | None = None) -> Membership:
    """The member the partner's `token` signs in (see the module docstring). Atomic."""
    now = now or timezone.now()
    try:
        return _member(account, token, now)
    except MultipassRefused as refusal:
        logger.warning("Multipass refused for account %s: %s", account.prefix, refusal.reason)
        raise


def _member(account: Account, token: str, now: dt.datetime) -> Membership:
    settings = settings_of(account)
    if not is_configured(settings):
        raise MultipassRefused("Multipass is off for this account")
    key = tokens.keys(settings.scheme, settings.token_1, settings.token_2)
    try:
        payload = tokens.decode(token, key)
        expires_at = tokens.expires_at(payload)
    except tokens.TokenError as error:
        raise MultipassRefused(f"unreadable token: {error}") from None
    if expires_at <= now:
        raise MultipassRefused(f"expired at {expires_at.isoformat()}")
    if expires_at > now + MAX_LIFETIME:
        raise MultipassRefused(f"claims to live until {expires_at.isoformat()}, over a day")
    login = payload.get("login")
    email = payload.get("email")
    if not isinstance(login, str) or not login.strip():
        raise MultipassRefused("no login in the token")
    if email is not None and not isinstance(email, str):
        raise MultipassRefused("e-mail is not text")
    with transaction.atomic():
        _use_once(account, token, expires_at, now)
        membership = _member_with_login(account, login.strip(), email, settings)
    return membership


def _use_once(account: Account, token: str, expires_at: dt.datetime, now: dt.datetime) -> None:
    MultipassUse.objects.filter(expires_at__lt=now).delete()
    try:
        with transaction.atomic():
            MultipassUse.objects.create(
                account=account, digest=tokens.digest(token), expires_at=expires_at
            )
    except IntegrityError:
        raise MultipassRefused("used before (a replay)") from None


def _member_with_login(
    account: Account, login: str, email: str | None, settings: MultipassSettings
) -> Membership:
    membership = (
        Membership.objects.select_related("user", "account")
        .filter(account=account, user__login__iexact=login)
        .first()
    )
    if membership is not None:
        if not membership.user.is_active:
            raise MultipassRefused(f"user {login!r} is inactive")
        known = (membership.user.email or "").lower()
        if email and known and email.strip().lower() != known:
            raise MultipassRefused(f"the e-mail of {login!r} does not match the token's")
        return membership
    if not settings.create_users:
        raise MultipassRefused(f"no user {login!r} in this account (creating users is off)")
    if not email:
        raise MultipassRefused(f"no user {login!r} and no e-mail to create one with")
    try:
        return membership_create_signed_on(account=account, login=login, email=email)
    except Invalid as error:
        raise MultipassRefused(f"cannot create {login!r}: {error.errors}") from None


def multipass_url(*, membership: Membership, now: dt.datetime | None = None) -> str:
    """The partner's address with a fresh token for `membership`'s user."""
    settings = settings_of(membership.account)
    if not is_configured(settings) or not settings.url:
        raise Invalid.field("url", _("Multipass to the partner system is not set up"))
    now = now or timezone.now()
    payload = {
        "login": membership.user.login,
        "email": membership.user.email or "",
        "expires": (now + OUTBOUND_LIFETIME).isoformat(),
    }
    token = tokens.encode(payload, tokens.keys(settings.scheme, settings.token_1, settings.token_2))
    separator = "&" if "?" in settings.url else "?"
    return f"{settings.url}{separator}{urlencode({'multipass': token})}"


def multipass_settings_update(*, account: Account, data: dict) -> MultipassSettings:
    """Change the account's Multipass settings (those `data` names). Atomic."""
    with transaction.atomic():
        settings, _created = MultipassSettings.objects.select_for_update().get_or_create(
            account=account
        )
        for field in ("enabled", "url", "token_1", "token_2", "scheme", "create_users"):
            if field in data:
                setattr(settings, field, data[field])
        errors: dict[str, list[str]] = {}
        if settings.scheme not in tokens.SCHEMES:
            errors["scheme"] = [_("must be one of: %s") % ", ".join(tokens.SCHEMES)]
        if settings.enabled:
            for field in ("token_1", "token_2"):
                if len(getattr(settings, field) or "") < 8:
                    errors[field] = [_("must have at least 8 characters to enable Multipass")]
        if errors:
            raise Invalid(errors)
        settings.save()
    return settings
