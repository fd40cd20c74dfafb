"""Price lists over the API ("Cenniki").

The list shows the price lists alone; one price list (and the answers to create and
update) adds `price_list_positions`. Positions are written through
`price_list_positions_attributes`, a hash keyed "0", "1", … or a list; see
`services.price_lists` for their rules and `selectors.price_lists` for how prices
are computed. `priceable_name` in a position is ignored on input (the product's
name is shown on output).
"""

from decimal import Decimal
from typing import Annotated, Any

from ninja import Query, Router, Schema, Status
from pydantic import BeforeValidator, Field

from faktura.api.listing import ListParams, list_page
from faktura.api.rendering import xml_root
from faktura.api.types import (
    IndexedList,
    LooseBool,
    LooseDecimal,
    MoneyOut,
    OptionalInt,
    OptionalText,
    PercentOut,
    Timestamp,
)
from faktura.catalog.models import PriceList, PriceListPosition
from faktura.catalog.selectors import price_lists as selectors
from faktura.catalog.services import price_lists as services
from faktura.errors import BadParameter

router = Router(tags=["price lists"])

# Ids asked in one prices_for_products call.
MAX_PRODUCT_IDS = 1000


def _number_to_text(value: Any) -> Any:
    # Clients send a tax as 23 as well as "23".
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value)
    return value


TaxIn = Annotated[OptionalText, BeforeValidator(_number_to_text)]


class PositionIn(Schema):
    id: OptionalInt = None
    priceable_id: OptionalInt = None
    priceable_type: OptionalText = Field(default=None, max_length=50)
    use_percentage: LooseBool = None
    percentage: LooseDecimal = None
    price_net: LooseDecimal = None
    price_gross: LooseDecimal = None
    use_tax: LooseBool = None
    tax: TaxIn = Field(default=None, max_length=20)
    destroy: LooseBool = Field(default=None, alias="_destroy")


# IndexedList's conversion ({"0": {...}} into [{...}]) with typed entries, so that
# errors name `price_list_positions_attributes.0.tax`.
PositionsIn = Annotated[list[PositionIn], *IndexedList.__metadata__]


class PriceListIn(Schema):
    name: OptionalText = Field(default=None, max_length=255)
    description: OptionalText = None
    currency: OptionalText = Field(default=None, max_length=10)
    price_list_positions_attributes: PositionsIn | None = None


class PriceListWrite(Schema):
    api_token: OptionalText = None
    price_list: PriceListIn


def _quote(position: PriceListPosition) -> selectors.PriceQuote:
    return selectors.position_quote(
        position, product=position.product, currency=position.price_list.currency
    )


class PositionOut(Schema):
    id: int
    priceable_id: int
    priceable_type: str
    priceable_name: str
    price_list_id: int
    use_percentage: bool
    percentage: PercentOut
    price_net: MoneyOut
    price_gross: MoneyOut
    use_tax: bool
    tax: str
    created_at: Timestamp
    updated_at: Timestamp

    @staticmethod
    def resolve_priceable_id(position: PriceListPosition) -> int:
        return position.product_id

    @staticmethod
    def resolve_priceable_type(position: PriceListPosition) -> str:
        return "Product"

    @staticmethod
    def resolve_priceable_name(position: PriceListPosition) -> str:
        return position.product.name

    @staticmethod
    def resolve_price_net(position: PriceListPosition) -> Decimal:
        return _quote(position).net

    @staticmethod
    def resolve_price_gross(position: PriceListPosition) -> Decimal:
        return _quote(position).gross


class PriceListOut(Schema):
    id: int
    name: str
    description: str
    currency: str
    created_at: Timestamp
    updated_at: Timestamp


class PriceListDetailOut(PriceListOut):
    price_list_positions: list[PositionOut]

    @staticmethod
    def resolve_price_list_positions(price_list: PriceList) -> list[PriceListPosition]:
        return selectors.price_list_positions(price_list=price_list)


class PriceListFilters(ListParams):
    name: OptionalText = None
    currency: OptionalText = None


class ProductPriceOut(Schema):
    price_net: MoneyOut
    price_gross: MoneyOut
    tax: str
    currency: str
    category_id: int | None


class ProductIdsQuery(Schema):
    product_ids: list[str] = []


ORDER_FIELDS = ("id", "name", "currency", "created_at", "updated_at")


def price_list_write_data(payload: PriceListWrite) -> dict:
    data = payload.price_list.model_dump(exclude_unset=True)
    if payload.price_list.price_list_positions_attributes is not None:
        data[services.POSITIONS] = [
            entry.model_dump(exclude_unset=True)
            for entry in payload.price_list.price_list_positions_attributes
        ]
    return data


@router.get("/price_lists", response=list[PriceListOut])
@xml_root("price_list")
def price_list_list(request, params: Query[PriceListFilters]):
    price_lists = selectors.price_list_list(
        account=request.auth.account, name=params.name, currency=params.currency
    )
    return list(
        list_page(price_lists, params, order_fields=ORDER_FIELDS, period_field="created_at")
    )


@router.get("/price_lists/{int:id}", response=PriceListDetailOut)
@xml_root("price_list")
def price_list_show(request, id: int):
    return selectors.get_price_list(account=request.auth.account, id=id)


@router.post("/price_lists", response={201: PriceListDetailOut})
@xml_root("price_list")
def price_list_create(request, payload: PriceListWrite):
    price_list = services.price_list_create(
        account=request.auth.account, data=price_list_write_data(payload)
    )
    return Status(201, price_list)


@router.api_operation(["PUT", "PATCH"], "/price_lists/{int:id}", response=PriceListDetailOut)
@xml_root("price_list")
def price_list_update(request, id: int, payload: PriceListWrite):
    return services.price_list_update(
        account=request.auth.account, id=id, data=price_list_write_data(payload)
    )


@router.delete("/price_lists/{int:id}", response=str)
@xml_root("hash")
def price_list_delete(request, id: int):
    services.price_list_delete(account=request.auth.account, id=id)
    return "ok"


@router.get("/price_lists/{int:id}/prices_for_products", response=dict[str, ProductPriceOut])
@xml_root("hash")
def price_list_prices_for_products(request, id: int, params: Query[ProductIdsQuery]):
    """Prices of the asked products under the list, keyed by product id.

    Products without a position in the list get their own price; ids of missing or
    other accounts' products are left out.
    """
    price_list = selectors.get_price_list(account=request.auth.account, id=id)
    if len(params.product_ids) > MAX_PRODUCT_IDS:
        raise BadParameter("product_ids", f"at most {MAX_PRODUCT_IDS} ids in one call")
    product_ids = []
    for raw in params.product_ids:
        text = raw.strip()
        if not text.isascii() or not text.isdigit():
            raise BadParameter("product_ids", f"must be product ids (whole numbers), got {raw!r}")
        product_ids.append(int(text))
    prices = selectors.prices_for_products(price_list=price_list, product_ids=product_ids)
    return {
        str(product.pk): {
            "price_net": quote.net,
            "price_gross": quote.gross,
            "tax": quote.tax,
            "currency": quote.currency,
            "category_id": product.category_id,
        }
        for product, quote in prices
    }
