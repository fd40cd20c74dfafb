"""Partner fast login into the panel (see faktura.accounts.fast_login for the rules).

`FastLoginMiddleware` takes the reference's `?api_token=…&fast_login=yes` on any
panel address; `fast_login_enter` opens a one-time link `/fast_login/<token>`.
Either signs the user in to that account and goes on without the token in the
address (it would otherwise stay in the history and in Referer headers).
"""

from django.conf import settings
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from faktura.accounts.fast_login import fast_login_link_use, membership_for_fast_login
from faktura.accounts.models import Membership
from faktura.accounts.urls import host_prefix
from faktura.panel.access import SESSION_ACCOUNT, safe_next

FAST_LOGIN_PARAMETERS = ("api_token", "fast_login")


def enter(request: HttpRequest, membership: Membership) -> None:
    """Sign the membership's user in, in that account (a fresh session)."""
    login(request, membership.user, backend=settings.AUTHENTICATION_BACKENDS[0])
    request.session[SESSION_ACCOUNT] = membership.account_id


class FastLoginMiddleware:
    """The reference's fast login on any panel page (API calls are left alone)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        is_api = getattr(request, "api_format", None) is not None
        if is_api or request.method != "GET" or request.GET.get("fast_login") != "yes":
            return self.get_response(request)
        token = request.GET.get("api_token", "")
        membership = membership_for_fast_login(token, host_prefix(request)) if token else None
        if membership is not None:
            enter(request, membership)
        rest = {
            key: values for key, values in request.GET.lists() if key not in FAST_LOGIN_PARAMETERS
        }
        query = urlencode(rest, doseq=True)
        return redirect(request.path + (f"?{query}" if query else ""))


@never_cache
@require_GET
def fast_login_enter(request: HttpRequest, token: str) -> HttpResponse:
    membership = fast_login_link_use(token)
    prefix = host_prefix(request)
    if membership is None or (prefix is not None and prefix != membership.account.prefix):
        return render(request, "panel/fast_login_invalid.html", status=404)
    enter(request, membership)
    return redirect(safe_next(request, reverse("panel-dashboard")))
