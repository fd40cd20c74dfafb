"""Reads of price lists, and the price a price list gives a product.

`price_for_product` is what invoices call when a request asks for
`use_prices_from_price_lists`: the list's price when it has a position for the
product, the product's own price otherwise.

How a position prices its product (computed when read, so a percentage
follows later changes of the product's price):

- `use_percentage`: the product's gross price changed by `percentage` percent
  (-10 is ten percent off), rounded half up to the grosz; the net price follows
  from that gross. The product's gross is the base because a product's gross is
  its given price (the net is derived from it). The amount is in the product's
  own currency: a percentage of a PLN price is PLN whatever the list's currency.
- otherwise: the position's stored gross price, in the list's currency; the net
  price follows from it.

The tax is the position's own when `use_tax` is set, else the product's.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from faktura.accounts.models import Account
from faktura.catalog.models import PriceList, PriceListPosition, Product
from faktura.invoicing.money import HUNDRED, Tax, parse_tax, price_from_gross, price_from_net
from faktura.tenancy import get_owned, possible_id

# The largest id a database integer column holds; larger ids cannot name a row.


@dataclass(frozen=True)
class PriceQuote:
    """A unit price of a product: net, gross, the tax code they were computed with, currency."""

    net: Decimal
    gross: Decimal
    tax: str
    currency: str

    @property
    def tax_amount(self) -> Decimal:
        return self.gross - self.net


def get_price_list(*, account: Account, id: int, for_update: bool = False) -> PriceList:
    """The account's price list; another account's id raises the same NotFound as a missing one.

    `for_update` locks the row until the end of the caller's transaction.
    """
    rows = PriceList.objects.select_for_update() if for_update else PriceList.objects.all()
    return get_owned(rows, account=account, id=id)


def price_list_list(
    *, account: Account, name: str | None = None, currency: str | None = None
) -> QuerySet:
    """The account's price lists; `name` matches part of the name in any case."""
    queryset = PriceList.objects.filter(account=account)
    if name:
        queryset = queryset.filter(name__icontains=name)
    if currency:
        queryset = queryset.filter(currency=currency.strip().upper())
    return queryset


def price_list_positions(*, price_list: PriceList) -> list[PriceListPosition]:
    """The list's positions with their products, oldest first."""
    return list(price_list.positions.select_related("product").order_by("id"))


def position_tax(position: PriceListPosition, product: Product) -> Tax:
    """The tax a position prices with: its own under `use_tax`, else the product's."""
    if position.use_tax and position.tax:
        return parse_tax(position.tax)
    return parse_tax(product.tax)


def product_own_quote(product: Product) -> PriceQuote:
    """The product's own price, as its card holds it."""
    return PriceQuote(
        net=product.price_net,
        gross=product.price_gross,
        tax=product.tax,
        currency=product.currency,
    )


def position_quote(position: PriceListPosition, *, product: Product, currency: str) -> PriceQuote:
    """The price `position` gives `product` in a list of `currency` (see the module's rules).

    Runs no query. A position without any price of its own (possible only for rows
    written around the services) gives the product's own price.
    """
    tax = position_tax(position, product)
    if position.use_percentage:
        change = position.percentage or Decimal(0)
        price = price_from_gross(product.price_gross * (HUNDRED + change) / HUNDRED, tax)
        currency = product.currency
    elif position.price_gross is not None:
        price = price_from_gross(position.price_gross, tax)
    elif position.price_net is not None:
        price = price_from_net(position.price_net, tax)
    else:
        return product_own_quote(product)
    return PriceQuote(net=price.net, gross=price.gross, tax=tax.code, currency=currency)


def price_for_product(*, product: Product, price_list: PriceList | None) -> PriceQuote:
    """The price of `product` under `price_list` (None: no list): the list's or the product's own.

    Both must belong to the same account (the caller resolved them from one); a
    mismatch is a programming error and raises ValueError.
    """
    if price_list is None:
        return product_own_quote(product)
    if price_list.account_id != product.account_id:
        raise ValueError("the price list and the product belong to different accounts")
    position = PriceListPosition.objects.filter(price_list=price_list, product=product).first()
    if position is None:
        return product_own_quote(product)
    return position_quote(position, product=product, currency=price_list.currency)


def prices_for_products(
    *, price_list: PriceList, product_ids: list[int]
) -> list[tuple[Product, PriceQuote]]:
    """Each of the account's products among `product_ids` (first mention order) with its price.

    Ids of missing or other accounts' products are left out.
    """
    wanted = list(dict.fromkeys(pid for pid in product_ids if possible_id(pid)))
    products = Product.objects.filter(account_id=price_list.account_id).in_bulk(wanted)
    positions = {
        position.product_id: position
        for position in PriceListPosition.objects.filter(
            price_list=price_list, product_id__in=list(products)
        )
    }
    result = []
    for pid in wanted:
        product = products.get(pid)
        if product is None:
            continue
        position = positions.get(pid)
        if position is None:
            quote = product_own_quote(product)
        else:
            quote = position_quote(position, product=product, currency=price_list.currency)
        result.append((product, quote))
    return result
