"""Stock changes: the only code that writes `Stock` rows.

`stock_apply` moves quantities of products in warehouses inside the caller's
transaction. Every row it changes is locked first (one `SELECT … FOR UPDATE` in a
fixed order, warehouse then product, so two documents never deadlock), and the
new quantity is computed from the locked value: concurrent documents on the same
product never lose an update, and a limited product (`Product.limited`) never goes
below zero unless the account allows negative stock (setting
`allow_negative_stock`). A package moves its parts (`PackageItem`), each by the
package's quantity times the part's. `Product.stock_level` keeps the sum over
all warehouses.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import F

from faktura.accounts.models import Account
from faktura.catalog.models import PackageItem, Product
from faktura.warehouse.models import Stock
from faktura.warehouse.services.warehouses import warehouse_default

ZERO = Decimal(0)


@dataclass(frozen=True)
class Move:
    """`quantity` of a product into (positive) or out of (negative) a warehouse."""

    warehouse_id: int
    product_id: int
    quantity: Decimal


@dataclass(frozen=True)
class Shortage:
    """A limited product a move would take below zero: what there is and what was asked."""

    product_id: int
    product_name: str
    warehouse_id: int
    available: Decimal
    requested: Decimal


class StockShortage(Exception):
    """Raised by `stock_apply` with every shortage found; nothing was changed."""

    def __init__(self, shortages: list[Shortage]):
        super().__init__(shortages)
        self.shortages = shortages


def negative_stock_allowed(account: Account) -> bool:
    return bool(account.settings.get("allow_negative_stock"))


def stock_apply(*, account: Account, moves: list[Move]) -> None:
    """Apply `moves`; raises StockShortage (changing nothing) when a limited product runs out.

    Must run inside a transaction (the caller's: the document and its stock change
    commit together).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("stock_apply must run inside the caller's transaction")
    changes = _net(account, moves)
    if not changes:
        return
    keys = sorted(changes)
    # Rows that do not exist yet are made first (a concurrent maker is ignored), so
    # that every row can then be locked.
    Stock.objects.bulk_create(
        [Stock(account=account, warehouse_id=w, product_id=p) for w, p in keys],
        ignore_conflicts=True,
    )
    rows = {
        (row.warehouse_id, row.product_id): row
        for row in Stock.objects.select_for_update()
        .filter(account=account, warehouse_id__in={w for w, _ in keys})
        .filter(product_id__in={p for _, p in keys})
        .order_by("warehouse_id", "product_id")
    }
    products = Product.objects.filter(pk__in={p for _, p in keys}).only("name", "limited")
    limited = {product.pk: product for product in products if product.limited}
    strict = not negative_stock_allowed(account)
    shortages = []
    for key in keys:
        row, delta = rows[key], changes[key]
        if strict and delta < 0 and key[1] in limited and row.quantity + delta < 0:
            shortages.append(
                Shortage(
                    product_id=key[1],
                    product_name=limited[key[1]].name,
                    warehouse_id=key[0],
                    available=row.quantity,
                    requested=-delta,
                )
            )
    if shortages:
        raise StockShortage(shortages)
    for key in keys:
        row = rows[key]
        row.quantity += changes[key]
    Stock.objects.bulk_update([rows[key] for key in keys], ["quantity"])
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for (_w, product_id), delta in changes.items():
        totals[product_id] += delta
    for product_id, delta in totals.items():
        if delta:
            Product.objects.filter(pk=product_id).update(stock_level=F("stock_level") + delta)


def _net(account: Account, moves: list[Move]) -> dict[tuple[int, int], Decimal]:
    """The change per (warehouse, product), packages replaced by their parts, zeros dropped."""
    packages = set(
        Product.objects.filter(
            account=account, package=True, pk__in={move.product_id for move in moves}
        ).values_list("pk", flat=True)
    )
    parts: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    if packages:
        for item in PackageItem.objects.filter(package_id__in=packages):
            parts[item.package_id].append((item.product_id, item.quantity))
    changes: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for move in moves:
        if move.product_id in packages:
            for part_id, per_package in parts[move.product_id]:
                changes[(move.warehouse_id, part_id)] += move.quantity * per_package
        else:
            changes[(move.warehouse_id, move.product_id)] += move.quantity
    return {key: delta for key, delta in changes.items() if delta != ZERO}


def stock_of(*, account: Account, warehouse_id: int, product_ids) -> dict[int, Decimal]:
    """The quantity of each product in a warehouse (0 where it has none)."""
    levels = dict(
        Stock.objects.filter(
            account=account, warehouse_id=warehouse_id, product_id__in=product_ids
        ).values_list("product_id", "quantity")
    )
    return {product_id: levels.get(product_id, ZERO) for product_id in product_ids}


def stock_count_in_default(*, account: Account, product_id: int, change: Decimal) -> None:
    """A product's `stock_level` set directly (a count, through the products API): its
    row in the default warehouse moves by the change, so the warehouses still add up
    to the product's level. No limit applies: a count states what there is."""
    warehouse = warehouse_default(account=account)
    Stock.objects.bulk_create(
        [Stock(account=account, warehouse=warehouse, product_id=product_id)],
        ignore_conflicts=True,
    )
    row = Stock.objects.select_for_update().get(warehouse=warehouse, product_id=product_id)
    row.quantity += change
    row.save(update_fields=["quantity"])
