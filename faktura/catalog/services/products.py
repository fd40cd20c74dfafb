"""Writes of products ("Produkty"), their prices and package parts.

Prices follow the reference's rule: a product's net price is computed from its gross
price and tax ("Cena netto jest wyliczana na podstawie wartości ceny brutto oraz
podatku, nie można jej edytować wprost przez API"). On create a client may give the
gross price (the net follows) or, failing that, the net price (the gross follows).
On update the net price cannot be set: a new `price_gross` or `tax` recomputes the net
from the (new) gross, and a `price_net` sent alone is ignored. Purchase prices follow
the same rule with `purchase_tax`. All rounding is `invoicing.money`'s.
"""

import re
from decimal import Decimal

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from faktura.accounts.models import Account
from faktura.catalog.gtu import GtuError, parse_gtu_codes
from faktura.catalog.models import Category, PackageItem, Product
from faktura.catalog.selectors.products import get_product
from faktura.errors import Invalid
from faktura.events import announce
from faktura.invoicing.money import (
    Price,
    Tax,
    TaxError,
    parse_tax,
    price_from_gross,
    price_from_net,
)
from faktura.tenancy import find_owned, get_owned, possible_id

TEXT_FIELDS = (
    "code",
    "ean_code",
    "quantity_unit",
    "additional_info",
    "supplier_code",
    "accounting_id",
    "size",
)
FLAG_FIELDS = (
    "service",
    "electronic_service",
    "limited",
    "disabled",
    "use_moss",
    "use_product_warehouses",
)
# Nullable measurements: null or "" clears them.
MEASURE_FIELDS = ("size_width", "size_height", "weight")
# The units the reference names for sizes and weights.
UNITS = {"size_unit": ("m", "cm"), "weight_unit": ("kg", "g")}
PRICE_FIELDS = ("price_net", "price_gross", "purchase_price_net", "purchase_price_gross")
PARTS = "package_products_details"

# The columns' limits (fields.money_field, fields.quantity_field), checked before the
# database: PostgreSQL refuses larger values with an error instead of a 422.
MONEY_LIMIT = Decimal(10) ** 16
QUANTITY_LIMIT = Decimal(10) ** 14
QUANTITY_PLACES = 4
_CURRENCY = re.compile(r"[A-Za-z]{3}")


def product_create(*, account: Account, data: dict) -> Product:
    """Create a product from the API's fields (`name` required). Atomic.

    `package: true` needs `package_products_details`, a list of `{id, quantity}` naming
    the account's products that are not packages themselves. Raises Invalid naming the
    field for any broken rule; nothing is written then.
    """
    with transaction.atomic():
        product = Product(account=account)
        _apply_fields(product, data)
        _apply_prices_on_create(product, data)
        parts = _plan_parts(product, data)
        product.save()
        if parts is not None:
            _replace_parts(product, parts)
        _stock_follows(account, product, product.stock_level)
        announce.product_changed(account=account, product_id=product.pk, action="create")
    return get_product(account=account, id=product.pk)


def product_update(*, account: Account, id: int, data: dict) -> Product:
    """Change the given fields; the others keep their values. Atomic.

    A new `price_gross` or `tax` recomputes `price_net` from the gross price; a
    `price_net` without them is ignored (the same for the purchase prices).
    `package_products_details`, when given, replaces the package's parts;
    `package: false` removes them. When the stock level changes, the packages the
    product is part of count as changed too (their stock follows it), so a
    `date_from` list shows them.
    """
    with transaction.atomic():
        product = _locked_product(account, id)
        stock_before = product.stock_level
        _apply_fields(product, data)
        _apply_prices_on_update(product, data)
        parts = _plan_parts(product, data)
        product.save()
        if parts is not None:
            _replace_parts(product, parts)
        if product.stock_level != stock_before:
            _stock_follows(account, product, product.stock_level - stock_before)
            Product.objects.filter(account=account, package_items__product=product).update(
                updated_at=timezone.now()
            )
        announce.product_changed(account=account, product_id=product.pk, action="update")
    return get_product(account=account, id=product.pk)


def product_delete(*, account: Account, id: int) -> None:
    """Delete a product; a package's parts list goes with it. Atomic.

    A product that is part of a package stays: Invalid names `id` and the packages.
    """
    with transaction.atomic():
        product = _locked_product(account, id)
        packages = list(
            Product.objects.filter(account=account, package_items__product=product)
            .order_by("id")
            .values_list("name", flat=True)
        )
        if packages:
            raise _part_of_packages(packages)
        announce.product_changed(account=account, product_id=product.pk, action="destroy")
        try:
            product.delete()
        except ProtectedError:  # pragma: no cover - the check above runs under the row lock
            raise _part_of_packages([]) from None


def _part_of_packages(names: list[str]) -> Invalid:
    return Invalid.field(
        "id",
        _("is part of a package (%(names)s); remove it from the package before deleting it")
        % {"names": ", ".join(names)},
    )


def _locked_product(account: Account, id: int) -> Product:
    return get_owned(Product.objects.select_for_update(), account=account, id=id)


# Fields other than prices and parts.


def _apply_fields(product: Product, data: dict) -> None:
    if "name" in data:
        product.name = (data["name"] or "").strip()
    if not product.name:
        raise Invalid.field("name", _("can't be blank"))
    for field in TEXT_FIELDS:
        if field in data:
            setattr(product, field, (data[field] or "").strip())
    if "description" in data:
        product.description = data["description"] or ""
    for field in FLAG_FIELDS:
        if data.get(field) is not None:
            setattr(product, field, data[field])
    if data.get("package") is not None:
        product.package = data["package"]
    if data.get("currency") is not None:
        product.currency = _currency(data["currency"])
    if "category_id" in data:
        product.category = _category(product.account, data["category_id"])
    if "tag_list" in data:
        product.tags = data["tag_list"] or []
    if "gtu_codes" in data:
        try:
            product.gtu_codes = parse_gtu_codes(data["gtu_codes"])
        except GtuError as exc:
            raise Invalid.field("gtu_codes", _gtu_reason(exc)) from None
    for field, units in UNITS.items():
        if field in data:
            setattr(product, field, _unit(field, data[field], units))
    # A package's stock follows its parts (selectors.products.product_stock_level):
    # a stock level sent for one is ignored.
    if data.get("stock_level") is not None and not product.package:
        product.stock_level = _quantity("stock_level", data["stock_level"], negative=True)
    if data.get("quantity") is not None:
        product.quantity = _quantity("quantity", data["quantity"])
    for field in MEASURE_FIELDS:
        if field in data:
            value = data[field]
            setattr(product, field, None if value is None else _quantity(field, value))


def _currency(value: str) -> str:
    code = value.strip()
    if not _CURRENCY.fullmatch(code):
        raise Invalid.field("currency", _("must be a three-letter currency code, e.g. PLN"))
    return code.upper()


def _category(account: Account, category_id: int | None) -> Category | None:
    if category_id is None:
        return None
    category = find_owned(Category, account=account, id=category_id)
    if category is None:
        raise Invalid.field("category_id", _("no such category in this account"))
    return category


def _gtu_reason(exc: GtuError) -> str:
    allowed = "GTU_01 … GTU_13"
    if exc.invalid is None:
        return _("must be a list of GTU codes (%(allowed)s)") % {"allowed": allowed}
    return _("%(value)s is not a GTU code (allowed: %(allowed)s)") % {
        "value": exc.invalid[:20],
        "allowed": allowed,
    }


def _unit(field: str, value: str | None, units: tuple[str, ...]) -> str:
    unit = (value or "").strip().lower()
    if unit and unit not in units:
        raise Invalid.field(field, _("must be one of: %(units)s") % {"units": ", ".join(units)})
    return unit


def _quantity(field: str, value: Decimal, *, negative: bool = False) -> Decimal:
    if value < 0 and not negative:
        raise Invalid.field(field, _("must not be negative"))
    if abs(value) >= QUANTITY_LIMIT:
        raise Invalid.field(field, _("is too large"))
    if value.normalize().as_tuple().exponent < -QUANTITY_PLACES:
        raise Invalid.field(
            field, _("may have at most %(places)d decimal places") % {"places": QUANTITY_PLACES}
        )
    return value


# Prices.


def _tax(field: str, value) -> Tax:
    try:
        return parse_tax(value)
    except TaxError:
        raise Invalid.field(
            field, _("must be a VAT rate (e.g. 23) or one of: zw, np, oo, disabled")
        ) from None


def _check_given_prices(data: dict) -> None:
    for field in PRICE_FIELDS:
        value = data.get(field)
        if value is not None and value < 0:
            raise Invalid.field(field, _("must not be negative"))
        if value is not None and abs(value) >= MONEY_LIMIT:
            raise Invalid.field(field, _("is too large"))


def _checked(price: Price, field: str) -> Price:
    # Gross from net at a positive rate can outgrow the column even when the net fits.
    if price.gross >= MONEY_LIMIT or price.net >= MONEY_LIMIT:
        raise Invalid.field(field, _("is too large"))
    return price


def _set_price(product: Product, price: Price, tax: Tax) -> None:
    product.price_net, product.price_gross = price.net, price.gross
    product.price_tax = price.tax_amount
    product.tax = tax.code


def _set_purchase_price(product: Product, price: Price, tax: Tax) -> None:
    product.purchase_price_net, product.purchase_price_gross = price.net, price.gross
    product.purchase_price_tax = price.tax_amount
    product.purchase_tax = tax.code


def _apply_prices_on_create(product: Product, data: dict) -> None:
    """Gross given: the net follows; else net given: the gross follows; else both zero.

    Purchase prices are computed at `purchase_tax`, or at the sale `tax` when no
    purchase tax is given (which is then stored as the purchase tax).
    """
    _check_given_prices(data)
    tax = _tax("tax", data["tax"]) if data.get("tax") is not None else _tax("tax", product.tax)
    if data.get("price_gross") is not None:
        price = _checked(price_from_gross(data["price_gross"], tax), "price_gross")
    else:
        price = _checked(price_from_net(data.get("price_net") or Decimal(0), tax), "price_net")
    _set_price(product, price, tax)

    purchase_tax = (
        _tax("purchase_tax", data["purchase_tax"]) if data.get("purchase_tax") is not None else None
    )
    if data.get("purchase_price_gross") is not None:
        purchase_tax = purchase_tax or tax
        gross = data["purchase_price_gross"]
        price = _checked(price_from_gross(gross, purchase_tax), "purchase_price_gross")
        _set_purchase_price(product, price, purchase_tax)
    elif data.get("purchase_price_net") is not None:
        purchase_tax = purchase_tax or tax
        net = data["purchase_price_net"]
        price = _checked(price_from_net(net, purchase_tax), "purchase_price_net")
        _set_purchase_price(product, price, purchase_tax)
    elif purchase_tax is not None:
        product.purchase_tax = purchase_tax.code


def _apply_prices_on_update(product: Product, data: dict) -> None:
    """Recompute the net prices from the gross ones when a gross price or a tax changes."""
    _check_given_prices(data)
    tax = _tax("tax", data["tax"]) if data.get("tax") is not None else _tax("tax", product.tax)
    if data.get("price_gross") is not None or tax.code != product.tax:
        gross = data.get("price_gross")
        gross = product.price_gross if gross is None else gross
        _set_price(product, _checked(price_from_gross(gross, tax), "price_gross"), tax)

    purchase_tax = None
    if data.get("purchase_tax") is not None:
        purchase_tax = _tax("purchase_tax", data["purchase_tax"])
    tax_changed = purchase_tax is not None and purchase_tax.code != product.purchase_tax
    gross = data.get("purchase_price_gross")
    if gross is None and tax_changed:
        gross = product.purchase_price_gross
    if gross is not None:
        if purchase_tax is None:
            purchase_tax = _tax("purchase_tax", product.purchase_tax or product.tax)
        price = _checked(price_from_gross(gross, purchase_tax), "purchase_price_gross")
        _set_purchase_price(product, price, purchase_tax)
    elif purchase_tax is not None:
        product.purchase_tax = purchase_tax.code


# Package parts.


def _plan_parts(product: Product, data: dict) -> list[tuple[Product, Decimal]] | None:
    """The parts to store (None: keep the current ones); raises Invalid for a bad list."""
    details = data.get(PARTS)
    if not product.package:
        if details:
            raise Invalid.field(PARTS, _("only a package (package: true) has products"))
        # No longer a package: its parts list goes.
        return [] if product.pk else None
    if product.pk and PackageItem.objects.filter(product=product).exists():
        raise Invalid.field(
            "package", _("this product is part of a package, so it cannot be a package itself")
        )
    if details is None:
        if product.pk and PackageItem.objects.filter(package=product).exists():
            return None
        raise Invalid.field(PARTS, _("a package needs at least one product"))
    return _resolve_parts(product, details)


def _resolve_parts(product: Product, details: list[dict]) -> list[tuple[Product, Decimal]]:
    if not details:
        raise Invalid.field(PARTS, _("a package needs at least one product"))
    ids = [item["id"] for item in details]
    # Locked, so a part cannot turn into a package (or vanish) before this one commits.
    found = Product.objects.select_for_update().filter(
        account=product.account, pk__in=[i for i in ids if possible_id(i)]
    )
    products = {part.pk: part for part in found}
    parts: list[tuple[Product, Decimal]] = []
    seen: set[int] = set()
    for item in details:
        part_id, quantity = item["id"], item.get("quantity")
        if part_id in seen:
            raise _part_error(_("product %(id)s is listed more than once"), part_id)
        seen.add(part_id)
        if product.pk is not None and part_id == product.pk:
            raise Invalid.field(PARTS, _("a package cannot contain itself"))
        part = products.get(part_id)
        if part is None:
            raise _part_error(_("product %(id)s does not exist"), part_id)
        if part.package:
            raise _part_error(_("product %(id)s is a package; packages cannot be nested"), part_id)
        quantity = Decimal(1) if quantity is None else quantity
        if quantity <= 0:
            raise _part_error(_("the quantity of product %(id)s must be more than zero"), part_id)
        _quantity(PARTS, quantity)
        parts.append((part, quantity))
    return parts


def _part_error(message: str, part_id: int) -> Invalid:
    return Invalid.field(PARTS, message % {"id": part_id})


def _replace_parts(product: Product, parts: list[tuple[Product, Decimal]]) -> None:
    PackageItem.objects.filter(package=product).delete()
    PackageItem.objects.bulk_create(
        PackageItem(account=product.account, package=product, product=part, quantity=quantity)
        for part, quantity in parts
    )


def _stock_follows(account: Account, product: Product, change: Decimal) -> None:
    """A stock level set on the product is a count in the default warehouse."""
    if change and not product.package:
        # Imported here: the warehouse module builds on the catalog, not the reverse.
        from faktura.warehouse.services.stock import stock_count_in_default

        stock_count_in_default(account=account, product_id=product.pk, change=change)
