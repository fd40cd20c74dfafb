"""Reads of products, always within one account, and the stock a product has.

A product's stock is its `stock_level`, the sum over all warehouses (kept by
`faktura.warehouse.services.stock`), or its quantity in one warehouse when the
caller attached that warehouse's levels (`WAREHOUSE_LEVELS`); a package's follows
its parts, see `product_stock_level`.
"""

import datetime as dt
from decimal import ROUND_FLOOR, Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from faktura.accounts.models import Account
from faktura.catalog.models import PackageItem, Product
from faktura.tenancy import get_owned, possible_id


def _with_parts(queryset: QuerySet[Product]) -> QuerySet[Product]:
    """Load each package's parts with their products in one more query for the whole page."""
    parts = PackageItem.objects.select_related("product").order_by("id")
    return queryset.prefetch_related(Prefetch("package_items", queryset=parts))


def get_product(*, account: Account, id: int) -> Product:
    """The account's product, its package parts loaded.

    Another account's id raises the same NotFound as a missing one.
    """
    return get_owned(_with_parts(Product.objects.all()), account=account, id=id)


def product_list(
    *,
    account: Account,
    name: str | None = None,
    code: str | None = None,
    category_id: int | None = None,
    disabled: bool | None = None,
    changed_since: dt.date | None = None,
) -> QuerySet[Product]:
    """The account's products, package parts loaded, narrowed by the filters given.

    `name` matches any part of the name, ignoring case; `code` the whole code;
    `changed_since` keeps products created or changed (`updated_at`) on or after that
    day, in the server's time zone.
    """
    products = Product.objects.filter(account=account)
    if name:
        products = products.filter(name__icontains=name)
    if code:
        products = products.filter(code=code)
    if category_id is not None:
        # An id no database key can hold names no category: nothing matches.
        products = (
            products.filter(category_id=category_id)
            if possible_id(category_id)
            else products.none()
        )
    if disabled is not None:
        products = products.filter(disabled=disabled)
    if changed_since is not None:
        start = dt.datetime.combine(
            changed_since, dt.time.min, tzinfo=timezone.get_current_timezone()
        )
        products = products.filter(updated_at__gte=start)
    return _with_parts(products)


def package_parts(product: Product) -> list[PackageItem]:
    """A package's parts in the order they were given (none for other products)."""
    if not product.package:
        return []
    return list(product.package_items.all())


# Set on a product to {product id: quantity} of one warehouse, for the product and
# its parts: its stock is then read there.
WAREHOUSE_LEVELS = "warehouse_levels"


def product_stock_level(product: Product) -> Decimal:
    """How many of `product` are available (in the warehouse whose levels it carries).

    A product's own level; for a package, the number of whole packages its parts'
    stock allows: the smallest `floor(part level / quantity)` over its parts, and
    never below zero (a part out of stock, or a package without parts, allows none).
    E.g. parts at 10 and 7 units, 3 and 2 per package: min(3, 3) = 3 packages.
    """
    levels = getattr(product, WAREHOUSE_LEVELS, None)

    def level(of: Product) -> Decimal:
        return of.stock_level if levels is None else levels.get(of.pk, Decimal(0))

    if not product.package:
        return level(product)
    allowed = [
        (level(part.product) / part.quantity).to_integral_value(rounding=ROUND_FLOOR)
        for part in package_parts(product)
        if part.quantity > 0
    ]
    return max(min(allowed, default=Decimal(0)), Decimal(0))
