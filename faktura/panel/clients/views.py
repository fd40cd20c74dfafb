"""Clients in the panel, through the catalog's services and the API's `ClientIn` schema.

A wrong NIP, a private person without a last name and every other refusal read
as the API's 422 does, on the field it names (see `faktura.panel.crud`).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from faktura.catalog.api.clients import ClientIn
from faktura.catalog.models import Client
from faktura.catalog.services import clients as services
from faktura.panel.crud import Resource


class ClientForm(forms.Form):
    name = forms.CharField(label=_("Name"), required=False, max_length=255)
    company = forms.BooleanField(label=_("A company"), required=False, initial=True)
    first_name = forms.CharField(label=_("First name"), required=False, max_length=100)
    last_name = forms.CharField(label=_("Last name"), required=False, max_length=100)
    tax_no = forms.CharField(label=_("Tax no. (NIP)"), required=False, max_length=50)
    street = forms.CharField(label=_("Street"), required=False, max_length=255)
    post_code = forms.CharField(label=_("Post code"), required=False, max_length=20)
    city = forms.CharField(label=_("City"), required=False, max_length=100)
    country = forms.CharField(label=_("Country"), required=False, max_length=100)
    email = forms.CharField(label=_("E-mail"), required=False, max_length=255)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=50)
    bank_account = forms.CharField(label=_("Bank account"), required=False, max_length=100)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea)
    tag_list = forms.CharField(label=_("Tags (separated by commas)"), required=False)
    external_id = forms.CharField(label=_("External id"), required=False, max_length=255)


def _initial(client: Client) -> dict:
    values = {name: getattr(client, name) for name in ClientForm.base_fields if name != "tag_list"}
    return {**values, "tag_list": ", ".join(client.tags)}


CLIENTS = Resource(
    name="clients",
    title=_("Clients"),
    model=Client,
    form=ClientForm,
    schema=ClientIn,
    create=services.client_create,
    update=services.client_update,
    delete=services.client_delete,
    search_fields=("name", "tax_no", "email"),
    columns=(
        ("name", _("Name")),
        ("tax_no", _("Tax no. (NIP)")),
        ("city", _("City")),
        ("email", _("E-mail")),
    ),
    title_new=_("New client"),
    initial=_initial,
)
