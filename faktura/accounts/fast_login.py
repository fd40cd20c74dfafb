"""Partner fast login: a partner's user goes into the panel without a password.

An account made with `integration_fast_login: true` allows it; every other account
refuses. Two forms:

- The reference's: any panel address with `?api_token=TOKEN&fast_login=yes` signs the
  token's user in (on the token's own account's host, or on the bare host) and
  continues to the same address without those two parameters. The token travels in
  the address, so it is only honoured where the account opted in.
- The safer one: `POST /account/fast_login.json` (authenticated by the API token as
  usual) answers a one-time link `https://<prefix>.<domain>/fast_login/<token>`
  valid for 60 seconds; opening it signs the user in once. Only the link's digest
  is stored.
"""

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from faktura.accounts import selectors
from faktura.accounts.models import FastLoginLink, Membership, token_digest
from faktura.errors import Forbidden

LINK_LIFETIME = dt.timedelta(seconds=60)


def fast_login_allowed(membership: Membership) -> bool:
    return membership.account.integration_fast_login


def fast_login_link_create(*, membership: Membership) -> tuple[str, dt.datetime]:
    """A new one-time token for `membership` and when it expires. Forbidden unless the
    account allows fast login. Links that have expired are cleared on the way."""
    if not fast_login_allowed(membership):
        raise Forbidden(_("Fast login is off for this account (integration_fast_login is false)"))
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        FastLoginLink.objects.filter(expires_at__lt=now - LINK_LIFETIME).delete()
        link = FastLoginLink.objects.create(
            membership=membership, digest=token_digest(token), expires_at=now + LINK_LIFETIME
        )
    return token, link.expires_at


def fast_login_link_use(token: str) -> Membership | None:
    """The membership the link signs in, once; None when unknown, used or expired."""
    digest = token_digest(token)
    now = timezone.now()
    with transaction.atomic():
        taken = FastLoginLink.objects.filter(
            digest=digest, used_at__isnull=True, expires_at__gte=now
        ).update(used_at=now)
        if taken != 1:
            return None
        link = FastLoginLink.objects.select_related("membership__account", "membership__user")
        membership = link.get(digest=digest).membership
    if not membership.user.is_active or not fast_login_allowed(membership):
        return None
    return membership


def membership_for_fast_login(api_token: str, prefix: str | None) -> Membership | None:
    """The reference's form: the token's membership when its account allows fast login
    and (on an account's host) is that account."""
    membership = selectors.membership_for_token(api_token.partition("/")[0])
    if membership is None or not fast_login_allowed(membership):
        return None
    if prefix is not None and prefix != membership.account.prefix:
        return None
    return membership
