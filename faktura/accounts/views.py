"""Pages people open from e-mails about their account."""

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from faktura.accounts import services


@require_http_methods(["GET", "POST"])
def account_delete_confirm(request, token: str):
    """The deletion link: GET shows what will happen, POST (the button) deletes.

    Deleting on GET would let mail scanners that prefetch links delete accounts.
    """
    account = services.account_for_deletion_token(token)
    if account is None:
        return render(request, "accounts/delete_invalid.html", status=404)
    if request.method == "POST":
        prefix = services.account_delete(token=token)
        if prefix is None:
            return render(request, "accounts/delete_invalid.html", status=404)
        return render(request, "accounts/deleted.html", {"prefix": prefix})
    return render(request, "accounts/delete_confirm.html", {"account": account})
