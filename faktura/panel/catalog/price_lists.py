"""Price lists in the panel: a name, a currency and a table of products, each priced
gross or as a percentage of the product's own price.

The form is read through the API's `PriceListWrite` schema and turned into the
service's data by the API's own `price_list_write_data`, so the positions' rules (one price
per product, a price or a percentage, limits) and their messages are the service's.
"""

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from faktura.catalog.api.price_lists import PriceListWrite, price_list_write_data
from faktura.catalog.models import PriceList, Product
from faktura.catalog.services import price_lists as services
from faktura.errors import Invalid
from faktura.panel.access import panel_page
from faktura.panel.catalog import common

ROW_FIELDS = ("id", "product", "mode", "value", "remove")
BLANK_ROWS = 3
# The API's names of a position's fields → the column of the page's table.
API_ROW_FIELDS = {
    "id": "product",
    "priceable_id": "product",
    "priceable_type": "product",
    "price_gross": "value",
    "price_net": "value",
    "percentage": "value",
    "use_percentage": "mode",
    "tax": "value",
}


class PriceListForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), required=False, max_length=255)
    currency = forms.CharField(
        label=gettext_lazy("Currency"), required=False, max_length=10, initial="PLN"
    )
    description = forms.CharField(
        label=gettext_lazy("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


def _blank_rows(count: int) -> list[dict]:
    return [dict.fromkeys(ROW_FIELDS, "") | {"mode": "price"} for _ in range(count)]


def _stored_rows(price_list: PriceList) -> list[dict]:
    rows = []
    for position in price_list.positions.select_related("product").order_by("product__name", "id"):
        percent = position.use_percentage
        value = position.percentage if percent else position.price_gross
        rows.append(
            {
                "id": str(position.pk),
                "product": str(position.product_id),
                "mode": "percent" if percent else "price",
                "value": "" if value is None else str(value),
                "remove": "",
            }
        )
    return rows


def _entries(rows: list[dict]) -> tuple[list[dict], list[int]]:
    """The API's `price_list_positions_attributes` for the rows typed, and their places."""
    entries, places = [], []
    for place, row in enumerate(rows):
        if row["id"] and row["remove"]:
            entries.append({"id": row["id"], "_destroy": True})
        elif row["product"] or row["id"]:
            entry = {"id": row["id"], "priceable_id": row["product"]}
            if row["mode"] == "percent":
                entry |= {"use_percentage": True, "percentage": row["value"]}
            else:
                entry |= {"use_percentage": False, "price_gross": row["value"]}
            entries.append({key: value for key, value in entry.items() if value != ""})
        else:
            continue
        places.append(place)
    return entries, places


def _form_page(request: HttpRequest, price_list: PriceList | None) -> HttpResponse:
    initial = {}
    if price_list is not None:
        initial = {
            "name": price_list.name,
            "currency": price_list.currency,
            "description": price_list.description,
        }
    form = PriceListForm(request.POST or None, initial=initial)
    row_errors = common.RowErrors()
    if request.method == "POST":
        rows = common.posted_rows(request.POST, "positions", ROW_FIELDS)
        if form.is_valid():
            entries, places = _entries(rows)
            values = {key: value for key, value in form.cleaned_data.items() if value != ""}
            values["price_list_positions_attributes"] = entries
            try:
                data = price_list_write_data(
                    common.api_payload(PriceListWrite, "price_list", values)
                )
                if price_list is None:
                    saved = services.price_list_create(account=request.account, data=data)
                else:
                    saved = services.price_list_update(
                        account=request.account, id=price_list.pk, data=data
                    )
            except Invalid as error:
                row_errors = common.put_errors(
                    form,
                    error,
                    rows_field="price_list_positions_attributes",
                    sent_rows=places,
                    row_fields=API_ROW_FIELDS,
                )
            else:
                messages.success(request, _("%(name)s is saved.") % {"name": saved.name})
                return redirect("panel-price-lists-list")
    else:
        rows = (_stored_rows(price_list) if price_list else []) + _blank_rows(BLANK_ROWS)
    title = _("New price list") if price_list is None else price_list.name
    context = {
        "section": "price_lists",
        "form": form,
        "title": title,
        "row": price_list,
        "rows": [(index, row, row_errors.of(index)) for index, row in enumerate(rows)],
        "rows_count": len(rows),
        "table_errors": row_errors.table,
        "products": Product.objects.filter(account=request.account).order_by("name", "id"),
    }
    failed = bool(form.errors) or bool(row_errors.rows) or bool(row_errors.table)
    return common.unprocessable(request, "panel/catalog/price_list_form.html", context, failed)


@panel_page()
def price_list_list(request: HttpRequest) -> HttpResponse:
    text = common.search_text(request)
    rows = PriceList.objects.filter(account=request.account).annotate(
        position_count=Count("positions")
    )
    rows = common.searched(rows, text, ("name", "currency", "description"))
    context = {
        "section": "price_lists",
        "text": text,
        "list_title": _("Price lists"),
        "new_title": _("New price list"),
        "new_url": reverse("panel-price-lists-new"),
        "list_url": reverse("panel-price-lists-list"),
    }
    return common.list_page(
        request, rows.order_by("name", "id"), "panel/catalog/price_lists", context
    )


@panel_page()
def price_list_new(request: HttpRequest) -> HttpResponse:
    return _form_page(request, None)


@panel_page()
def price_list_edit(request: HttpRequest, id: int) -> HttpResponse:
    return _form_page(request, common.own_row(PriceList, request, id))


@require_POST
@panel_page()
def price_list_delete(request: HttpRequest, id: int) -> HttpResponse:
    price_list = common.own_row(PriceList, request, id)
    services.price_list_delete(account=request.account, id=price_list.pk)
    messages.success(request, _("%(name)s is deleted.") % {"name": price_list.name})
    return redirect("panel-price-lists-list")
