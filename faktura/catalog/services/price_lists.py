"""Writes of price lists and their positions.

Positions arrive as Rails nested attributes (`price_list_positions_attributes`),
already a list here: an entry with `id` changes that position of this list, an
entry without `id` adds one, and `destroy` (`_destroy` on the wire) with an `id`
deletes it; `destroy` without an `id` is skipped, as in Rails. Errors in an entry
name it by its place in the list: `price_list_positions_attributes.0.priceable_id`
(the same path the request schema's own errors use).

Prices of a position without `use_percentage`: a given gross is kept and the net
derived from it; a net alone gives the gross; when both are given the gross wins
(the reference's rule for products: net follows from gross and tax). An update
that gives neither keeps the stored gross. Positions with `use_percentage` keep
no price of their own: the selectors compute it from the product's price.
"""

import re
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from faktura.accounts.models import Account
from faktura.catalog.models import PriceList, PriceListPosition, Product
from faktura.catalog.selectors.price_lists import get_price_list, position_tax
from faktura.errors import Invalid
from faktura.invoicing.money import TaxError, parse_tax, price_from_gross, price_from_net
from faktura.tenancy import possible_id

POSITIONS = "price_list_positions_attributes"
_CURRENCY = re.compile(r"[A-Z]{3}")
# Money columns hold 18 digits with two decimals.
PRICE_LIMIT = Decimal(10) ** 16
# The percentage column holds 7 digits with four decimals; below -100 a price turns negative.
PERCENTAGE_MIN = Decimal(-100)
PERCENTAGE_MAX = Decimal("999.9999")
PERCENTAGE_STEP = Decimal("0.0001")


def _apply_list_fields(price_list: PriceList, data: dict) -> None:
    if "name" in data:
        price_list.name = (data["name"] or "").strip()
    if "description" in data:
        price_list.description = data["description"] or ""
    # No value ("" or null) keeps the currency: PLN for a new list.
    if data.get("currency") is not None:
        currency = data["currency"].strip().upper()
        if not _CURRENCY.fullmatch(currency):
            raise Invalid.field(
                "currency", _("must be a three-letter currency code, e.g. PLN or EUR")
            )
        price_list.currency = currency
    if not price_list.name:
        raise Invalid.field("name", _("can't be blank"))


def _finite(value: Decimal, path: str) -> Decimal:
    if not value.is_finite():
        raise Invalid.field(path, _("must be a finite number"))
    return value


def _amount(value: Decimal, path: str) -> Decimal:
    _finite(value, path)
    if value < 0:
        raise Invalid.field(path, _("must be 0 or more"))
    if value >= PRICE_LIMIT:
        raise Invalid.field(path, _("is too large"))
    return value


def _percentage(value: Decimal | None, path: str) -> Decimal | None:
    if value is None:
        return None
    _finite(value, path)
    if not PERCENTAGE_MIN <= value <= PERCENTAGE_MAX:
        raise Invalid.field(path, _("must be between -100 and 999.9999"))
    if value != value.quantize(PERCENTAGE_STEP):
        raise Invalid.field(path, _("must have at most 4 decimal places"))
    return value


def _tax_code(value: str | None, path: str) -> str:
    if value is None:
        return ""
    try:
        return parse_tax(value).code
    except TaxError:
        raise Invalid.field(
            path, _("must be a VAT rate (e.g. 23) or one of: zw, np, oo, disabled")
        ) from None


def _products(account: Account, entries: list[dict]) -> dict[int, Product]:
    """The account's products named by `priceable_id` in the entries, by id, in one query."""
    ids = {entry["priceable_id"] for entry in entries if possible_id(entry.get("priceable_id"))}
    return Product.objects.filter(account=account).in_bulk(list(ids))


def _apply_position(
    position: PriceListPosition, data: dict, products: dict[int, Product], path: str
) -> None:
    kind = data.get("priceable_type")
    if kind is not None and kind != "Product":
        raise Invalid.field(f"{path}.priceable_type", _("must be Product"))
    if data.get("priceable_id") is not None:
        product = products.get(data["priceable_id"])
        if product is None:
            raise Invalid.field(f"{path}.priceable_id", _("is not a product of this account"))
        position.product = product
    elif position.product_id is None:
        raise Invalid.field(f"{path}.priceable_id", _("can't be blank"))
    for flag in ("use_percentage", "use_tax"):
        if data.get(flag) is not None:
            setattr(position, flag, data[flag])
    if "tax" in data:
        position.tax = _tax_code(data["tax"], f"{path}.tax")
    if "percentage" in data:
        position.percentage = _percentage(data["percentage"], f"{path}.percentage")
    if position.use_tax and not position.tax:
        raise Invalid.field(f"{path}.tax", _("can't be blank when use_tax is set"))

    if position.use_percentage:
        if position.percentage is None:
            raise Invalid.field(
                f"{path}.percentage", _("can't be blank when use_percentage is set")
            )
        position.price_net = position.price_gross = None
        return
    tax = position_tax(position, position.product)
    if data.get("price_gross") is not None:
        field = f"{path}.price_gross"
        price = price_from_gross(_amount(data["price_gross"], field), tax)
    elif data.get("price_net") is not None:
        field = f"{path}.price_net"
        price = price_from_net(_amount(data["price_net"], field), tax)
    elif position.price_gross is not None:
        field = f"{path}.price_gross"
        price = price_from_gross(position.price_gross, tax)
    else:
        raise Invalid.field(
            f"{path}.price_gross", _("can't be blank: give price_gross or price_net")
        )
    if price.gross >= PRICE_LIMIT:
        raise Invalid.field(field, _("is too large"))
    position.price_net, position.price_gross = price.net, price.gross


def _plan_positions(
    account: Account, price_list: PriceList, entries: list[dict]
) -> tuple[list[PriceListPosition], list[PriceListPosition]]:
    """Check every entry and work out (positions to save, positions to delete); writes nothing."""
    existing = {}
    if price_list.pk:
        existing = {p.pk: p for p in price_list.positions.select_related("product")}
    products = _products(account, entries)
    to_save: list[tuple[int, PriceListPosition]] = []
    to_delete: list[PriceListPosition] = []
    named: set[int] = set()
    for index, entry in enumerate(entries):
        path = f"{POSITIONS}.{index}"
        position = None
        if entry.get("id") is not None:
            position = existing.get(entry["id"])
            if position is None:
                raise Invalid.field(f"{path}.id", _("is not a position of this price list"))
            if position.pk in named:
                raise Invalid.field(f"{path}.id", _("is given more than once"))
            named.add(position.pk)
        if entry.get("destroy"):
            if position is not None:
                to_delete.append(position)
            continue
        if position is None:
            position = PriceListPosition(account=account, price_list=price_list)
        _apply_position(position, entry, products, path)
        to_save.append((index, position))

    # A product has one price in a list: check what the list will hold afterwards.
    taken = {p.product_id for pk, p in existing.items() if pk not in named}
    for index, position in to_save:
        if position.product_id in taken:
            raise Invalid.field(
                f"{POSITIONS}.{index}.priceable_id",
                _("has already been taken: the product already has a price in this price list"),
            )
        taken.add(position.product_id)
    return [position for _index, position in to_save], to_delete


def _write_positions(to_save: list[PriceListPosition], to_delete: list[PriceListPosition]) -> None:
    for position in to_delete:
        position.delete()
    # Changed positions first: a new position may take the product one of them gives up.
    ordered = sorted(to_save, key=lambda position: position.pk is None)
    try:
        # A savepoint, so that PostgreSQL can still roll back cleanly after the error.
        with transaction.atomic():
            for position in ordered:
                position.save()
    except IntegrityError:
        # Only existing positions trading their products in one request get here:
        # the first save meets the second's old product. The checks above allow the
        # result, but rows are saved one at a time.
        raise Invalid.field(
            POSITIONS,
            _("positions cannot trade products in one request: change them one at a time"),
        ) from None


def price_list_create(*, account: Account, data: dict) -> PriceList:
    """Create a price list with the positions in `data[POSITIONS]`. Atomic; raises Invalid."""
    with transaction.atomic():
        price_list = PriceList(account=account)
        _apply_list_fields(price_list, data)
        to_save, to_delete = _plan_positions(account, price_list, data.get(POSITIONS) or [])
        price_list.save()
        _write_positions(to_save, to_delete)
    return price_list


def price_list_update(*, account: Account, id: int, data: dict) -> PriceList:
    """Change the given fields and positions; the rest keep their values.

    Atomic, under a lock of the price list's row so that concurrent updates of its
    positions run one after the other. Raises NotFound or Invalid.
    """
    with transaction.atomic():
        price_list = get_price_list(account=account, id=id, for_update=True)
        _apply_list_fields(price_list, data)
        to_save, to_delete = _plan_positions(account, price_list, data.get(POSITIONS) or [])
        price_list.save()
        _write_positions(to_save, to_delete)
    return price_list


def price_list_delete(*, account: Account, id: int) -> None:
    """Delete a price list and its positions; clients using it as default are left without one."""
    with transaction.atomic():
        get_price_list(account=account, id=id).delete()
