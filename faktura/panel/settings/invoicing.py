"""Settings pages (owners and admins only): numbering, default notes, stock, signatures.

Saved through `invoicing_settings_update`, the service the `faktura
invoice-settings` command calls; its refusals (`number_patterns.vat`) are shown
on the input they name.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from faktura.errors import Invalid
from faktura.invoicing.services.settings import (
    SIGNATURE_FIELDS,
    invoicing_settings,
    invoicing_settings_update,
)
from faktura.panel.access import panel_page


def _posted(post) -> dict:
    patterns = {
        key.removeprefix("pattern-"): value.strip()
        for key, value in post.items()
        if key.startswith("pattern-")
    }
    notes = [line.strip() for line in post.get("default_notes", "").splitlines() if line.strip()]
    return {
        "number_patterns": patterns,
        "number_per_department": post.get("number_per_department") == "on",
        "allow_negative_stock": post.get("allow_negative_stock") == "on",
        "print_signatures": [side for side in SIGNATURE_FIELDS if post.get(f"sign-{side}") == "on"],
        "default_descriptions": [{"kind": "", "content": note} for note in notes],
    }


@panel_page(settings=True)
def invoicing(request: HttpRequest) -> HttpResponse:
    errors: dict = {}
    current = invoicing_settings(account=request.account)
    if request.method == "POST":
        data = _posted(request.POST)
        try:
            invoicing_settings_update(account=request.account, data=data)
        except Invalid as error:
            errors = error.errors
            current = {
                **current,
                **data,
                "number_patterns": {**current["number_patterns"], **data["number_patterns"]},
            }
        else:
            messages.success(request, _("The settings are saved."))
            return redirect("panel-settings-invoicing")
    context = {
        "section": "settings",
        "settings_page": "invoicing",
        "settings": current,
        "errors": errors,
        "signature_fields": SIGNATURE_FIELDS,
        "notes_text": "\n".join(note["content"] for note in current["default_descriptions"]),
    }
    return render(request, "panel/settings/invoicing.html", context, status=422 if errors else 200)
