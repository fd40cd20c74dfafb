"""The invoice form: a new document of any kind, a saved one changed, and its live parts.

The form's fields carry the API's names (`buyer_name`, `positions-0-tax` for
`positions[0].tax`); what is posted is checked by the API's own schema
(`InvoiceIn`) and handed to the same services (`invoice_create`,
`invoice_update`), so the panel takes and refuses exactly what the API does,
with the same messages on the same fields. Totals are the server's
(`form_totals`); rows come and go as fragments (`position_row`), a row's product
fills it, and the buyer is picked by the client search in `buyer.py`.
"""

import json

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from faktura.catalog.models import Client, Department, Product
from faktura.errors import Invalid, NotFound
from faktura.invoicing.api.writing import InvoiceIn, service_data
from faktura.invoicing.models import Invoice, InvoicePosition
from faktura.invoicing.services.create import KINDS, invoice_create
from faktura.invoicing.services.update import invoice_update
from faktura.panel.access import panel_page
from faktura.panel.invoices import form_input
from faktura.panel.invoices.form_input import MAX_ROWS, NEW_ROW, Payload
from faktura.panel.invoices.form_totals import form_totals
from faktura.panel.schemas import validated
from faktura.panel.selectors import visible_invoices
from faktura.tenancy import find_owned

TAXES = ("23", "8", "5", "0", "zw", "np", "oo")
PAYMENT_TYPES = ("transfer", "card", "cash", "cash_on_delivery", "compensation", "barter")
PAYMENT_TERMS = ("0", "3", "7", "14", "21", "30", "45", "60", "90", "other_date", "off")
LANGUAGES = ("pl", "en", "de", "uk", "pl/en")
# The product select lists this many of the account's products, by name.
PRODUCT_CHOICES = 300
# Tells the form to ask for its totals again once a swapped-in row has settled. The
# event is raised on the totals (inside the form): the select that asked for the row
# is gone by then, so an event raised on it would reach nobody.
ROWS_CHANGED = json.dumps({"invoice-rows-changed": {"target": "#totals"}})


def _products(account) -> list[Product]:
    products = Product.objects.filter(account=account).order_by("name", "id")
    return list(products.only("pk", "name")[:PRODUCT_CHOICES])


def _departments(request: HttpRequest) -> tuple[list[Department], bool]:
    """The departments a document may be issued in, and whether one must be chosen.

    A membership limited to departments issues only in those (else it could not
    see what it made); everyone else in any of the account's, or in none.
    """
    limited = list(request.membership.departments.order_by("name", "id"))
    if limited:
        return limited, True
    return list(Department.objects.filter(account=request.account).order_by("name", "id")), False


def _department_refusal(request: HttpRequest, values: dict) -> Invalid | None:
    departments, required = _departments(request)
    if not required:
        return None
    if values.get("department_id") in {str(department.pk) for department in departments}:
        return None
    return Invalid.field("department_id", _("choose one of your departments"))


def _context(request: HttpRequest, values: dict, errors: dict, invoice=None) -> dict:
    client = None
    if values.get("client_id", "").isdigit():
        client = find_owned(Client, account=request.account, id=int(values["client_id"]))
    terms = list(PAYMENT_TERMS)
    if values.get("payment_to_kind") and values["payment_to_kind"] not in terms:
        terms.insert(0, values["payment_to_kind"])
    departments, department_required = _departments(request)
    return {
        "section": "invoices",
        "invoice": invoice,
        "departments": departments,
        "department_required": department_required,
        "values": values,
        "errors": errors,
        "client": client,
        "kinds": KINDS,
        "taxes": TAXES,
        "payment_types": PAYMENT_TYPES,
        "payment_terms": terms,
        "discount_kinds": form_input.DISCOUNT_KINDS,
        "languages": LANGUAGES,
        "products": _products(request.account),
        "totals": form_totals(request.account, values),
    }


def _refused(request, values: dict, payload: Payload, error: Invalid, invoice=None):
    context = _context(request, values, payload.errors_on_rows(error.errors), invoice)
    return render(request, "panel/invoices/form.html", context, status=422)


@panel_page(form=True)
def invoice_new(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        departments, required = _departments(request)
        department = str(departments[0].pk) if required else ""
        values = form_input.blank_values(request.GET.get("kind"), department)
        return render(request, "panel/invoices/form.html", _context(request, values, {}))
    values = form_input.posted_values(request.POST)
    payload = form_input.new_invoice_data(values)
    try:
        if refusal := _department_refusal(request, values):
            raise refusal
        data = service_data(validated(InvoiceIn, payload.data))
        invoice = invoice_create(account=request.account, user=request.user, data=data)
    except Invalid as error:
        return _refused(request, values, payload, error)
    return redirect("panel-invoice", id=invoice.pk)


def editable(invoice: Invoice) -> bool:
    """Whether the form can change `invoice`: not cancelled, no correction lines.

    A correction's lines have a before and an after side, which the form does not
    show; such a document is changed by a new correction instead.
    """
    if invoice.cancelled:
        return False
    return not invoice.positions.exclude(kind=InvoicePosition.Kind.NORMAL).exists()


@panel_page(form=True)
def invoice_edit(request: HttpRequest, id: int) -> HttpResponse:
    """A saved invoice in the form; saving sends `invoice_update` only what changed."""
    invoice = find_owned(visible_invoices(request.membership), account=request.account, id=id)
    if invoice is None:
        raise Http404
    if not editable(invoice):
        messages.error(request, _("This document cannot be changed in the form."))
        return redirect("panel-invoice", id=invoice.pk)
    saved = form_input.invoice_values(invoice)
    if request.method != "POST":
        return render(request, "panel/invoices/form.html", _context(request, saved, {}, invoice))
    values = form_input.posted_values(request.POST)
    payload = form_input.changed_data(saved, values)
    if payload.data:
        try:
            if refusal := _department_refusal(request, values):
                raise refusal
            data = service_data(validated(InvoiceIn, payload.data))
            invoice_update(account=request.account, user=request.user, id=invoice.pk, data=data)
        except NotFound:
            raise Http404 from None
        except Invalid as error:
            return _refused(request, values, payload, error, invoice)
        messages.success(request, _("The invoice was saved."))
    return redirect("panel-invoice", id=invoice.pk)


@require_POST
@panel_page()
def invoice_totals(request: HttpRequest) -> HttpResponse:
    """The totals fragment for what the form holds now (htmx, as the user types)."""
    values = form_input.posted_values(request.POST)
    totals = form_totals(request.account, values)
    return render(request, "panel/invoices/totals.html", {"totals": totals})


def _index(text: str) -> int:
    try:
        return min(max(int(text), 0), MAX_ROWS - 1)
    except ValueError:
        return 0


@panel_page(form=True)
def position_row(request: HttpRequest) -> HttpResponse:
    """A position row (htmx): an empty one to add, or the row as typed with its product's data.

    With `positions-N-product_id` naming one of the account's products, the row
    takes that product's name, unit, net price and rate; its quantity, discount
    and saved line id stay as they were.
    """
    index = _index(request.GET.get("index", "0"))
    prefix = f"positions-{index}-"
    row = {
        key.removeprefix(prefix): value.strip()
        for key, value in request.GET.items()
        if key.startswith(prefix)
    } or dict(NEW_ROW)
    product_id = row.get("product_id", "")
    product = None
    if product_id.isdigit():
        product = find_owned(Product, account=request.account, id=int(product_id))
    if product is not None:
        row.update(
            name=product.name,
            quantity_unit=product.quantity_unit,
            price_net=f"{product.price_net:.2f}",
            tax=product.tax,
        )
        row.setdefault("quantity", "1")
    else:
        row.pop("product_id", None)
    context = {
        "index": index,
        "row": row,
        "taxes": TAXES,
        "products": _products(request.account),
        "errors": {},
    }
    response = render(request, "panel/invoices/row.html", context)
    if product is not None:
        response["HX-Trigger-After-Settle"] = ROWS_CHANGED
    return response
