"""Multipass pages: signing in with a partner's token, and going over to the partner.

`/multipass/login?multipass=TOKEN` (or `/multipass/TOKEN`) on the account's own
host signs the token's user in and opens the panel (`return_to`, a path on this
site, when given); a token that signs nobody in gets a page saying so (403), the
reason only in the log. `/multipass/out` is the panel's "go to CRM" link.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from faktura.accounts.models import Account
from faktura.accounts.urls import host_prefix
from faktura.errors import Invalid
from faktura.integrations.multipass import MultipassRefused, multipass_member, multipass_url
from faktura.panel.access import panel_page, safe_next
from faktura.panel.fast_login import enter


@never_cache
@require_GET
def multipass_login(request: HttpRequest, token: str = "") -> HttpResponse:
    token = token or request.GET.get("multipass", "")
    prefix = host_prefix(request)
    account = Account.objects.filter(prefix=prefix).first() if prefix else None
    if account is None:
        return render(
            request, "integrations/multipass_refused.html", {"no_account": True}, status=404
        )
    try:
        membership = multipass_member(account=account, token=token)
    except MultipassRefused:
        return render(request, "integrations/multipass_refused.html", {}, status=403)
    enter(request, membership)
    return redirect(safe_next(_with_return_to(request), reverse("panel-dashboard")))


def _with_return_to(request: HttpRequest) -> HttpRequest:
    """`safe_next` reads `next`; partners name it `return_to` as well."""
    if "return_to" in request.GET and "next" not in request.GET:
        query = request.GET.copy()
        query["next"] = query["return_to"]
        request.GET = query
    return request


@never_cache
@require_GET
@panel_page()
def multipass_out(request: HttpRequest) -> HttpResponse:
    try:
        return redirect(multipass_url(membership=request.membership))
    except Invalid:
        return render(
            request, "integrations/multipass_refused.html", {"not_set_up": True}, status=404
        )
