"""Products and categories for tests, made through the same services the API uses."""

from decimal import Decimal

from faktura.accounts.models import Membership
from faktura.catalog.models import Category, Product
from faktura.catalog.services import categories as category_services
from faktura.catalog.services import products as product_services


def speak_english(owner: Membership) -> None:
    """Answer the owner's calls in English, so tests can compare exact messages."""
    owner.account.lang = "en"
    owner.account.save(update_fields=["lang"])


def category(owner: Membership, name: str = "Książki", **data) -> Category:
    return category_services.category_create(account=owner.account, data={"name": name, **data})


def product(owner: Membership, name: str = "Produkt", **data) -> Product:
    """A product; decimals may be given as text (`price_gross="123"`)."""
    for field, value in data.items():
        if isinstance(value, str) and field in DECIMAL_FIELDS:
            data[field] = Decimal(value)
    return product_services.product_create(account=owner.account, data={"name": name, **data})


def package(owner: Membership, parts: dict[Product, str], name: str = "Zestaw") -> Product:
    """A package of `parts`: product → quantity per package."""
    details = [{"id": part.pk, "quantity": Decimal(qty)} for part, qty in parts.items()]
    return product(owner, name, package=True, package_products_details=details)


DECIMAL_FIELDS = {
    "price_net",
    "price_gross",
    "purchase_price_net",
    "purchase_price_gross",
    "stock_level",
    "quantity",
    "size_width",
    "size_height",
    "weight",
}
