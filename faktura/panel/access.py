"""Who is using the panel, in which account, and what their role lets them do.

A panel page belongs to one account. On an account's own host
(`acme.example.com`) that is the host's account; on the bare service
(`app.example.com`) it is the account the user picked after signing in, kept in
the session. A user who is not a member of that account is sent to sign in (or
to pick an account); nobody ever sees another account's page.

Roles (`Membership.role`): owners and admins may do everything, members
everything but the settings, accountants read everything and change nothing.
A membership limited to departments sees only those departments' documents.
"""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from faktura.accounts.models import Membership
from faktura.accounts.urls import host_prefix

SESSION_ACCOUNT = "panel_account_id"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def can_change(membership: Membership) -> bool:
    return membership.role != Membership.BuiltinRole.ACCOUNTANT


def can_manage_settings(membership: Membership) -> bool:
    return membership.is_admin


def current_membership(request: HttpRequest) -> Membership | None:
    """The signed-in user's membership in the account this request is for, or None."""
    user = request.user
    if not user.is_authenticated:
        return None
    # The account's Multipass settings come along: every page asks for its "CRM" link.
    memberships = Membership.objects.select_related("account__multipass", "user").filter(user=user)
    prefix = host_prefix(request)
    if prefix is not None:
        return memberships.filter(account__prefix=prefix).first()
    account_id = request.session.get(SESSION_ACCOUNT)
    if account_id is None:
        return None
    return memberships.filter(account_id=account_id).first()


def safe_next(request: HttpRequest, default: str) -> str:
    """The `next` address when it stays on this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _to_sign_in(request: HttpRequest) -> HttpResponse:
    target = "panel-pick-account" if request.user.is_authenticated else "panel-login"
    return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


def panel_page(*, settings: bool = False, own_data: bool = False, form: bool = False) -> Callable:
    """Decorate a panel view: it runs with `request.membership` set, or the user signs in.

    `settings=True` pages are for owners and admins. Accountants get 403 on any
    request that would change something (every method but GET/HEAD/OPTIONS),
    except on `own_data=True` pages, which change only the user's own data, and
    on `form=True` pages (a form that only makes or changes a document) on every
    request, since they could not save it.
    """

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            membership = current_membership(request)
            if membership is None:
                return _to_sign_in(request)
            # Set before the checks, so that the 403 page shows the user's own menu.
            request.membership = membership
            request.account = membership.account
            if settings and not can_manage_settings(membership):
                raise PermissionDenied
            changes = form or request.method not in SAFE_METHODS
            if changes and not (own_data or can_change(membership)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
