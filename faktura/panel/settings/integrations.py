"""Settings → Integrations (owners and admins): Multipass with the partner system (the
CRM), and which documents become deals there.

Saved through `integrations.multipass.multipass_settings_update` and
`integrations.crm.crm_deal_kinds_update`; their refusals are shown on the fields.
The two tokens are shown to administrators: seed 001's advice for a sign-on that does
not work is to compare them on both sides.
"""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from faktura.errors import Invalid
from faktura.integrations.crm import crm_deal_kinds, crm_deal_kinds_update
from faktura.integrations.models import MultipassSettings
from faktura.integrations.multipass import multipass_settings_update, settings_of
from faktura.invoicing.services.create import KINDS
from faktura.panel.access import panel_page
from faktura.panel.errors import add_service_errors
from faktura.panel.templatetags.panel import kind_title


class IntegrationsForm(forms.Form):
    enabled = forms.BooleanField(label=gettext_lazy("Multipass sign-on on"), required=False)
    url = forms.URLField(
        label=gettext_lazy("The partner's Multipass address (for the “CRM” link)"),
        required=False,
        max_length=500,
        assume_scheme="https",
    )
    token_1 = forms.CharField(label=gettext_lazy("Token 1"), required=False, max_length=255)
    token_2 = forms.CharField(label=gettext_lazy("Token 2"), required=False, max_length=255)
    scheme = forms.ChoiceField(
        label=gettext_lazy("Token scheme"), choices=MultipassSettings.Scheme.choices
    )
    create_users = forms.BooleanField(
        label=gettext_lazy("Create a user the first time the partner signs one in"),
        required=False,
    )
    crm_deal_kinds = forms.MultipleChoiceField(
        label=gettext_lazy("Documents that become deals in the CRM"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["crm_deal_kinds"].choices = [(kind, kind_title(kind)) for kind in KINDS]
        for name in ("token_1", "token_2"):
            self.fields[name].widget.attrs.update(autocomplete="off", spellcheck="false")


def _initial(request: HttpRequest) -> dict:
    settings = settings_of(request.account) or MultipassSettings()
    initial = {
        name: getattr(settings, name)
        for name in ("enabled", "url", "token_1", "token_2", "scheme", "create_users")
    }
    initial["crm_deal_kinds"] = list(crm_deal_kinds(request.account))
    return initial


@panel_page(settings=True)
def integrations(request: HttpRequest) -> HttpResponse:
    form = IntegrationsForm(request.POST or None, initial=_initial(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        kinds = data.pop("crm_deal_kinds")
        try:
            with transaction.atomic():
                multipass_settings_update(account=request.account, data=data)
                crm_deal_kinds_update(account=request.account, kinds=kinds)
        except Invalid as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The settings are saved."))
            return redirect("panel-settings-integrations")
    context = {"section": "settings", "settings_page": "integrations", "form": form}
    status = 422 if form.errors else 200
    return render(request, "panel/settings/integrations.html", context, status=status)
