"""The invoice form's buyer: clients found as the user types, and the buyer fields filled.

`client_suggestions` answers the search box (name, NIP, e-mail or city) and the
NIP field (an existing client with that number is offered, so the same buyer is
not made twice); `buyer_fields` gives the buyer fieldset back filled from the
client picked (linked by `client_id`), or empty for a new buyer. Only the
account's own clients are ever found.
"""

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from faktura.catalog import tax_numbers
from faktura.catalog.models import Client
from faktura.catalog.selectors.clients import with_tax_no
from faktura.invoicing.services.fields import CLIENT_TO_BUYER
from faktura.panel.access import panel_page
from faktura.panel.invoices.form_input import BUYER_FIELDS
from faktura.tenancy import find_owned

SUGGESTIONS = 8
MIN_SEARCH = 2


def _search(clients, text: str):
    words = Q(name__icontains=text) | Q(email__icontains=text) | Q(city__icontains=text)
    key = tax_numbers.search_key(text)
    if key and any(character.isdigit() for character in text):
        words |= Q(tax_no_key__startswith=key)
    return clients.filter(words)


@panel_page(form=True)
def client_suggestions(request: HttpRequest) -> HttpResponse:
    clients = Client.objects.filter(account=request.account).order_by("name", "id")
    query = request.GET.get("buyer_search", "").strip()
    tax_no = request.GET.get("buyer_tax_no", "").strip()
    if tax_no:
        found = list(with_tax_no(clients, tax_no)[:SUGGESTIONS])
        context = {"clients": found, "by_tax_no": tax_no}
    elif len(query) >= MIN_SEARCH:
        context = {"clients": list(_search(clients, query)[:SUGGESTIONS]), "query": query}
    else:
        context = {"clients": [], "query": query}
    return render(request, "panel/invoices/client_suggestions.html", context)


@panel_page(form=True)
def buyer_fields(request: HttpRequest) -> HttpResponse:
    """The buyer fieldset: the client's data when `client_id` is one of the account's."""
    client = None
    client_id = request.GET.get("client_id", "")
    if client_id.isdigit():
        client = find_owned(Client, account=request.account, id=int(client_id))
    values = {}
    if client is not None:
        buyer = {target: getattr(client, source) for source, target in CLIENT_TO_BUYER.items()}
        values = {name: buyer[name] for name in BUYER_FIELDS if buyer.get(name)}
        values["client_id"] = str(client.pk)
    context = {"values": values, "client": client, "errors": {}}
    return render(request, "panel/invoices/buyer.html", context)
