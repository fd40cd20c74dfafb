"""Warehouse documents in the panel: PZ, WZ, MM, PW, RW with their actions.

The form is read through the API's `DocumentWrite` schema and its actions dumped by
the API's own `_actions_dumped`, then issued, changed or deleted by the warehouse
services: the numbering, the stock moves and their refusals (a limited product
short of stock, named with what is available) are theirs. A row's one price is
the purchase price on receipts (PZ, PW) and the sale price on the other kinds, as
the service reads them.
"""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from faktura.catalog.models import Client, Product
from faktura.documents import labels
from faktura.documents.pdf import warehouse_document_pdf
from faktura.documents.responses import pdf_filename, pdf_response
from faktura.errors import Invalid
from faktura.panel.access import panel_page
from faktura.panel.catalog import common
from faktura.panel.selectors import visible_warehouse_documents
from faktura.warehouse.api.documents import DocumentWrite, _actions_dumped
from faktura.warehouse.models import Warehouse, WarehouseDocument
from faktura.warehouse.services import documents as services

Kind = WarehouseDocument.Kind
ROW_FIELDS = ("product", "quantity", "price", "tax")
BLANK_ROWS = 3
API_ROW_FIELDS = {
    "product_id": "product",
    "product_name": "product",
    "quantity": "quantity",
    "price_net": "price",
    "price_gross": "price",
    "purchase_price_net": "price",
    "purchase_price_gross": "price",
    "tax": "tax",
    "purchase_tax": "tax",
}
TAXES = ("23", "8", "5", "0", "zw", "np")


def _kind_choices() -> list[tuple[str, str]]:
    lang = translation.get_language()
    return [(kind, labels.warehouse_title(kind, lang)) for kind in services.KINDS]


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False)
    number = forms.CharField(
        label=gettext_lazy("Number (empty: the next one)"), required=False, max_length=100
    )
    issue_date = forms.DateField(
        label=gettext_lazy("Issue date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    warehouse_id = forms.ChoiceField(label=gettext_lazy("Warehouse"), required=False)
    warehouse2_id = forms.ChoiceField(
        label=gettext_lazy("Target warehouse (MM only)"), required=False
    )
    client_id = forms.ChoiceField(label=gettext_lazy("Client"), required=False)
    description = forms.CharField(
        label=gettext_lazy("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, account, document: WarehouseDocument | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _kind_choices()
        if document is not None:
            self.fields["kind"].disabled = True
        warehouses = [
            (str(pk), name)
            for pk, name in Warehouse.objects.filter(account=account)
            .order_by("-main", "name", "id")
            .values_list("pk", "name")
        ]
        self.fields["warehouse_id"].choices = [("", _("the default warehouse"))] + warehouses
        self.fields["warehouse2_id"].choices = [("", "—")] + warehouses
        clients = Client.objects.filter(account=account).order_by("name", "id")
        self.fields["client_id"].choices = [("", "—")] + [
            (str(pk), name) for pk, name in clients.values_list("pk", "name")
        ]


def _row_of(action) -> dict:
    receipt = action.kind in services.RECEIPTS
    price = action.purchase_price_net if receipt else action.price_net
    return {
        "product": str(action.product_id),
        "quantity": format(abs(action.quantity).normalize(), "f"),
        "price": "" if price is None else str(price),
        "tax": action.purchase_tax if receipt else action.tax,
    }


def _stored_rows(document: WarehouseDocument) -> list[dict]:
    actions = document.actions.all()
    # An MM holds two actions per row typed: what leaves and what arrives.
    shown = [a for a in actions if document.kind != Kind.MM or a.quantity < 0]
    return [_row_of(action) for action in shown]


def _blank_rows(count: int) -> list[dict]:
    return [dict.fromkeys(ROW_FIELDS, "") | {"tax": "23"} for _ in range(count)]


def _actions(kind: str, rows: list[dict]) -> tuple[list[dict], list[int]]:
    """The API's `warehouse_actions` for the rows typed, and their places on the page."""
    prefix = "purchase_" if kind in services.RECEIPTS else ""
    entries, places = [], []
    for place, row in enumerate(rows):
        if not (row["product"] or row["quantity"] or row["price"]):
            continue
        entry = {
            "product_id": row["product"],
            "quantity": row["quantity"],
            f"{prefix}price_net": row["price"],
            f"{prefix}tax": row["tax"],
        }
        entries.append({key: value for key, value in entry.items() if value != ""})
        places.append(place)
    return entries, places


def _form_page(request: HttpRequest, document: WarehouseDocument | None) -> HttpResponse:
    account = request.account
    if document is None:
        kind = request.GET.get("kind") if request.GET.get("kind") in services.KINDS else Kind.PZ
        initial = {"kind": kind, "issue_date": timezone.localdate()}
    else:
        initial = {
            "kind": document.kind,
            "number": document.number,
            "issue_date": document.issue_date,
            "warehouse_id": str(document.warehouse_id),
            "warehouse2_id": str(document.warehouse2_id or ""),
            "client_id": str(document.client_id or ""),
            "description": document.description,
        }
    form = DocumentForm(request.POST or None, initial=initial, account=account, document=document)
    row_errors = common.RowErrors()
    if request.method == "POST":
        rows = common.posted_rows(request.POST, "actions", ROW_FIELDS)
        if form.is_valid():
            values = {k: v for k, v in form.cleaned_data.items() if v not in ("", None)}
            if document is not None:
                values.pop("kind", None)
                if not values.get("number"):
                    values.pop("number", None)
                # An emptied target or client is sent as none, as the API takes it.
                values.setdefault("warehouse2_id", None)
            entries, places = _actions(form.cleaned_data["kind"], rows)
            values["warehouse_actions"] = entries
            try:
                payload = common.api_payload(DocumentWrite, "warehouse_document", values)
                data = payload.warehouse_document.model_dump(exclude_unset=True)
                _actions_dumped(payload.warehouse_document, data)
                if document is None:
                    saved = services.warehouse_document_create(account=account, data=data)
                else:
                    saved = services.warehouse_document_update(
                        account=account, id=document.pk, data=data
                    )
            except Invalid as error:
                row_errors = common.put_errors(
                    form,
                    error,
                    rows_field="warehouse_actions",
                    sent_rows=places,
                    row_fields=API_ROW_FIELDS,
                )
            else:
                messages.success(request, _("%(name)s is saved.") % {"name": saved})
                return redirect("panel-warehouse-documents-show", id=saved.pk)
    else:
        rows = (_stored_rows(document) if document else []) + _blank_rows(BLANK_ROWS)
    title = _("New warehouse document") if document is None else str(document)
    context = {
        "section": "warehouse_documents",
        "form": form,
        "title": title,
        "row": document,
        "rows": [(index, row, row_errors.of(index)) for index, row in enumerate(rows)],
        "rows_count": len(rows),
        "table_errors": row_errors.table,
        "products": Product.objects.filter(account=account).order_by("name", "id"),
        "taxes": TAXES,
    }
    failed = bool(form.errors) or bool(row_errors.rows) or bool(row_errors.table)
    return common.unprocessable(
        request, "panel/catalog/warehouse_documents/form.html", context, failed
    )


@panel_page()
def document_list(request: HttpRequest) -> HttpResponse:
    text = common.search_text(request)
    kind = request.GET.get("kind", "")
    rows = visible_warehouse_documents(request.membership).select_related("warehouse")
    if kind in services.KINDS:
        rows = rows.filter(kind=kind)
    rows = common.searched(rows, text, ("number", "client_name", "description"))
    context = {
        "section": "warehouse_documents",
        "text": text,
        "kind": kind,
        "kinds": _kind_choices(),
        "list_title": _("Warehouse documents"),
        "new_title": _("New warehouse document"),
        "new_url": reverse("panel-warehouse-documents-new"),
        "list_url": reverse("panel-warehouse-documents-list"),
    }
    return common.list_page(
        request,
        rows.order_by("-issue_date", "-id"),
        "panel/catalog/warehouse_documents",
        context,
    )


@panel_page()
def document_new(request: HttpRequest) -> HttpResponse:
    return _form_page(request, None)


@panel_page()
def document_edit(request: HttpRequest, id: int) -> HttpResponse:
    return _form_page(
        request, common.own_row(visible_warehouse_documents(request.membership), request, id)
    )


def _document(request: HttpRequest, id: int) -> WarehouseDocument:
    return common.own_row(visible_warehouse_documents(request.membership), request, id)


@require_GET
@panel_page()
def document_show(request: HttpRequest, id: int) -> HttpResponse:
    document = _document(request, id)
    actions = document.actions.select_related("product", "warehouse")
    context = {"section": "warehouse_documents", "document": document, "actions": actions}
    return render(request, "panel/catalog/warehouse_documents/page.html", context)


@require_GET
@panel_page()
def document_pdf(request: HttpRequest, id: int) -> HttpResponse:
    document = _document(request, id)
    title = labels.warehouse_title(document.kind, document.account.lang)
    return pdf_response(warehouse_document_pdf(document), pdf_filename(title, document.number))


@require_POST
@panel_page()
def document_delete(request: HttpRequest, id: int) -> HttpResponse:
    document = common.own_row(visible_warehouse_documents(request.membership), request, id)
    try:
        services.warehouse_document_delete(account=request.account, id=document.pk)
    except Invalid as error:
        for reasons in error.errors.values():
            for reason in reasons:
                messages.error(request, reason)
        return redirect("panel-warehouse-documents-show", id=document.pk)
    messages.success(request, _("%(name)s is deleted.") % {"name": document})
    return redirect("panel-warehouse-documents-list")
