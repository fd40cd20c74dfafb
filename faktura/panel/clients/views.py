"""Clients in the panel: list with search, create, edit, delete — through the catalog's services.

The form's fields carry the API's names and are read through the API's own
schema (`ClientIn`), so a wrong NIP, a private person without a last name and
every other refusal read as the API's 422 does, on the field it names.
"""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from faktura.catalog.api.clients import ClientIn
from faktura.catalog.models import Client
from faktura.catalog.services import clients as services
from faktura.errors import Invalid
from faktura.panel.access import panel_page
from faktura.panel.errors import add_service_errors
from faktura.panel.schemas import validated

PER_PAGE = 25


class ClientForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), required=False, max_length=255)
    company = forms.BooleanField(label=gettext_lazy("A company"), required=False, initial=True)
    first_name = forms.CharField(label=gettext_lazy("First name"), required=False, max_length=100)
    last_name = forms.CharField(label=gettext_lazy("Last name"), required=False, max_length=100)
    tax_no = forms.CharField(label=gettext_lazy("Tax no. (NIP)"), required=False, max_length=50)
    street = forms.CharField(label=gettext_lazy("Street"), required=False, max_length=255)
    post_code = forms.CharField(label=gettext_lazy("Post code"), required=False, max_length=20)
    city = forms.CharField(label=gettext_lazy("City"), required=False, max_length=100)
    country = forms.CharField(label=gettext_lazy("Country"), required=False, max_length=100)
    email = forms.CharField(label=gettext_lazy("E-mail"), required=False, max_length=255)
    phone = forms.CharField(label=gettext_lazy("Phone"), required=False, max_length=50)
    bank_account = forms.CharField(
        label=gettext_lazy("Bank account"), required=False, max_length=100
    )
    note = forms.CharField(label=gettext_lazy("Note"), required=False, widget=forms.Textarea)

    def data_for_service(self) -> dict:
        values = {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}
        values["company"] = bool(self.cleaned_data.get("company"))
        return validated(ClientIn, values).model_dump(exclude_unset=True)


def _client(request: HttpRequest, id: int) -> Client:
    """The account's client `id`; another account's id is as unknown as a missing one."""
    client = Client.objects.filter(account=request.account, pk=id).first()
    if client is None:
        raise Http404
    return client


@panel_page()
def client_list(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()[:100]
    rows = Client.objects.filter(account=request.account)
    if text:
        rows = rows.filter(
            Q(name__icontains=text) | Q(tax_no__icontains=text) | Q(email__icontains=text)
        )
    page = Paginator(rows.order_by("name", "id"), PER_PAGE).get_page(request.GET.get("page"))
    context = {"section": "clients", "page": page, "text": text, "query": request.GET.copy()}
    fragment = request.headers.get("HX-Request")
    return render(request, f"panel/clients/{'rows' if fragment else 'list'}.html", context)


def _save(request: HttpRequest, form: ClientForm, client: Client | None) -> Client | None:
    if not form.is_valid():
        return None
    try:
        data = form.data_for_service()
        if client is None:
            return services.client_create(account=request.account, data=data)
        return services.client_update(account=request.account, id=client.pk, data=data)
    except Invalid as error:
        add_service_errors(form, error)
        return None


@panel_page()
def client_new(request: HttpRequest) -> HttpResponse:
    form = ClientForm(request.POST or None)
    if request.method == "POST":
        saved = _save(request, form, None)
        if saved is not None:
            messages.success(request, _("The client %(name)s is saved.") % {"name": saved.name})
            return redirect("panel-clients")
    context = {"section": "clients", "form": form, "title": _("New client")}
    return render(request, "panel/clients/form.html", context, status=422 if form.errors else 200)


@panel_page()
def client_edit(request: HttpRequest, id: int) -> HttpResponse:
    client = _client(request, id)
    initial = {name: getattr(client, name) for name in ClientForm.base_fields}
    form = ClientForm(request.POST or None, initial=initial)
    if request.method == "POST":
        saved = _save(request, form, client)
        if saved is not None:
            messages.success(request, _("The client %(name)s is saved.") % {"name": saved.name})
            return redirect("panel-clients")
    context = {"section": "clients", "form": form, "title": client.name, "client": client}
    return render(request, "panel/clients/form.html", context, status=422 if form.errors else 200)


@require_POST
@panel_page()
def client_delete(request: HttpRequest, id: int) -> HttpResponse:
    client = _client(request, id)
    try:
        services.client_delete(account=request.account, id=client.pk)
    except Invalid as error:
        for reasons in error.errors.values():
            for reason in reasons:
                messages.error(request, reason)
        return redirect("panel-client-edit", id=client.pk)
    messages.success(request, _("The client %(name)s is deleted.") % {"name": client.name})
    return redirect("panel-clients")
