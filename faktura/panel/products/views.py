"""Products in the panel, through the catalog's services and the API's `ProductIn` schema.

A product is priced gross with its VAT rate, as the reference's product form is;
the service derives the net price (see `faktura.panel.crud`).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from faktura.catalog.api.products import ProductIn
from faktura.catalog.models import Product
from faktura.catalog.services import products as services
from faktura.panel.crud import Resource
from faktura.warehouse.models import Stock

TAXES = (("23", "23%"), ("8", "8%"), ("5", "5%"), ("0", "0%"), ("zw", "zw"), ("np", "np"))


class ProductForm(forms.Form):
    name = forms.CharField(label=_("Name"), required=False, max_length=255)
    code = forms.CharField(label=_("Code"), required=False, max_length=100)
    quantity_unit = forms.CharField(label=_("Unit"), required=False, max_length=20, initial="szt")
    price_gross = forms.CharField(label=_("Gross price"), required=False, max_length=30)
    tax = forms.ChoiceField(label=_("VAT rate"), choices=TAXES, initial="23")
    service = forms.BooleanField(label=_("A service (never in stock)"), required=False)
    limited = forms.BooleanField(label=_("Sell only what is in stock"), required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)


def _details(product: Product) -> dict:
    """The net price the service derived, and the stock the warehouse documents left."""
    stock = Stock.objects.filter(account_id=product.account_id, product=product)
    return {
        "product": product,
        "stock": stock.select_related("warehouse").order_by("warehouse__name"),
    }


PRODUCTS = Resource(
    name="products",
    title=_("Products"),
    model=Product,
    form=ProductForm,
    schema=ProductIn,
    create=services.product_create,
    update=services.product_update,
    delete=services.product_delete,
    search_fields=("name", "code"),
    columns=(
        ("name", _("Name")),
        ("code", _("Code")),
        ("price_gross", _("Gross price")),
        ("tax", _("VAT rate")),
        ("stock_level", _("In stock")),
    ),
    title_new=_("New product"),
    details_template="panel/catalog/product_details.html",
    details=_details,
)
