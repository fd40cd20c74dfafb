"""Warehouses in the panel, through the warehouse services and the API's `WarehouseIn` schema.

The default warehouse (`main`) is the account's first one, as the service decides; the
panel shows it and the service refuses to delete it. A warehouse's page lists its stock.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from faktura.panel.crud import Resource
from faktura.warehouse.api.warehouses import WarehouseIn
from faktura.warehouse.models import Stock, Warehouse
from faktura.warehouse.services import warehouses as services


class WarehouseForm(forms.Form):
    name = forms.CharField(label=_("Name"), required=False, max_length=255)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


def _details(warehouse: Warehouse) -> dict:
    stock = Stock.objects.filter(account_id=warehouse.account_id, warehouse=warehouse)
    return {"stock": stock.select_related("product").order_by("product__name", "product_id")}


WAREHOUSES = Resource(
    name="warehouses",
    title=_("Warehouses"),
    model=Warehouse,
    form=WarehouseForm,
    schema=WarehouseIn,
    create=services.warehouse_create,
    update=services.warehouse_update,
    delete=services.warehouse_delete,
    search_fields=("name", "description"),
    columns=(
        ("name", _("Name")),
        ("description", _("Description")),
        ("main", _("Default warehouse")),
    ),
    title_new=_("New warehouse"),
    details_template="panel/catalog/warehouse_stock.html",
    details=_details,
)
