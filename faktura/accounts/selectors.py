"""Reads about accounts, users and memberships."""

import hmac

from django.db.models import Q

from faktura.accounts.models import Account, Membership, User, token_digest


def user_by_login_or_email(identifier: str) -> User | None:
    identifier = identifier.strip()
    if not identifier:
        return None
    return (
        User.objects.filter(Q(login__iexact=identifier) | Q(email__iexact=identifier))
        .order_by("id")
        .first()
    )


def user_for_password(*, login: str, password: str) -> User | None:
    """The active user with this login (or e-mail) and password, or None."""
    user = user_by_login_or_email(login)
    if user is None:
        # Hash anyway, so a missing login takes as long as a wrong password.
        User().set_password(password)
        return None
    if not user.is_active or not user.check_password(password):
        return None
    return user


def membership_of(*, user: User, prefix: str | None) -> Membership | None:
    """The user's membership in the account `prefix`, or their first account's."""
    memberships = Membership.objects.select_related("account", "user").filter(user=user)
    if prefix is not None:
        return memberships.filter(account__prefix=prefix).first()
    return memberships.order_by("created_at", "id").first()


def membership_for_password(*, login: str, password: str, prefix: str | None) -> Membership | None:
    user = user_for_password(login=login, password=password)
    if user is None:
        return None
    return membership_of(user=user, prefix=prefix)


def membership_for_token(token: str) -> Membership | None:
    """The membership whose API token this is; compared in constant time."""
    if not token or len(token) > 64:
        return None
    membership = (
        Membership.objects.select_related("account", "user")
        .filter(api_token_digest=token_digest(token), user__is_active=True)
        .first()
    )
    if membership is None or not hmac.compare_digest(membership.api_token or "", token):
        return None
    return membership


def owners(account: Account):
    return Membership.objects.select_related("user").filter(
        account=account, role=Membership.BuiltinRole.OWNER
    )
