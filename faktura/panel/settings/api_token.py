"""The signed-in user's API token in this account: masked, shown on request, regenerated.

Shown only after a POST (no token in an address, a history or a GET's cache) and
regenerated through `accounts.services.api_token_regenerate`, the service the
API's own token calls use, after the user confirms with a check box (no script
needed). The same card is on the profile page, open to every role there.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from faktura.accounts.services import api_token_regenerate
from faktura.panel.access import panel_page

SHOWN_CHARACTERS = 4


def masked(token: str | None) -> str:
    """`abcd••••••••` : enough to tell tokens apart, not enough to use one."""
    if not token:
        return "—"
    return token[:SHOWN_CHARACTERS] + "•" * 12


def token_context(request: HttpRequest) -> dict:
    return {
        "token_masked": masked(request.membership.api_token),
        "token_shown": request.method == "POST" and "reveal" in request.POST,
    }


def regenerate(request: HttpRequest, back: str) -> HttpResponse:
    """Regenerate when the user confirmed; either way go back to `back` (a URL name)."""
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm: the old token stops working at once."))
        return redirect(back)
    api_token_regenerate(membership=request.membership)
    messages.success(request, _("A new API token is made; the old one no longer works."))
    return redirect(back)


@never_cache
@panel_page(settings=True)
def api_token(request: HttpRequest) -> HttpResponse:
    context = {
        "section": "settings",
        "settings_page": "api_token",
        "regenerate_url": "panel-settings-api-token-regenerate",
        **token_context(request),
    }
    return render(request, "panel/settings/api_token.html", context)


@require_POST
@panel_page(settings=True)
def api_token_new(request: HttpRequest) -> HttpResponse:
    return regenerate(request, "panel-settings-api-token")
