"""Products over the API ("Produkty").

`stock_level` and `warehouse_quantity` are the product's stock over all warehouses,
or, with `warehouse_id` (on the list and on a single product), in that warehouse of
the account (a package's follows its parts there).
"""

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any

from ninja import Query, Router, Schema, Status
from pydantic import BeforeValidator, Field

from faktura.api.listing import ListParams, list_page
from faktura.api.railsparams import indexed_to_list
from faktura.api.rendering import xml_root
from faktura.api.types import (
    LooseBool,
    LooseDecimal,
    LooseText,
    MoneyOut,
    OptionalInt,
    OptionalText,
    QuantityOut,
    TagList,
    Timestamp,
)
from faktura.catalog.models import Product
from faktura.catalog.selectors import products as selectors
from faktura.catalog.services import products as services
from faktura.errors import BadParameter
from faktura.warehouse import selectors as warehouse_selectors
from faktura.warehouse.services.stock import stock_of

router = Router(tags=["products"])


class PackagePartIn(Schema):
    id: int
    quantity: LooseDecimal = None


class ProductIn(Schema):
    name: OptionalText = Field(default=None, max_length=255)
    code: LooseText = Field(default=None, max_length=100)
    ean_code: LooseText = Field(default=None, max_length=50)
    description: OptionalText = None
    price_net: LooseDecimal = None
    tax: LooseText = Field(default=None, max_length=20)
    price_gross: LooseDecimal = None
    currency: OptionalText = None
    category_id: OptionalInt = None
    tag_list: TagList = None
    service: LooseBool = None
    electronic_service: LooseBool = None
    # GTU_01 … GTU_13 as a list or one text; checked by the service (faktura.catalog.gtu).
    gtu_codes: Annotated[Any, BeforeValidator(indexed_to_list)] = None
    limited: LooseBool = None
    stock_level: LooseDecimal = None
    purchase_price_net: LooseDecimal = None
    purchase_tax: LooseText = Field(default=None, max_length=20)
    purchase_price_gross: LooseDecimal = None
    package: LooseBool = None
    package_products_details: Annotated[
        list[PackagePartIn] | None, BeforeValidator(indexed_to_list)
    ] = None
    quantity_unit: OptionalText = Field(default=None, max_length=20)
    quantity: LooseDecimal = None
    additional_info: LooseText = Field(default=None, max_length=255)
    supplier_code: LooseText = Field(default=None, max_length=100)
    accounting_id: LooseText = Field(default=None, max_length=100)
    disabled: LooseBool = None
    use_moss: LooseBool = None
    use_product_warehouses: LooseBool = None
    size: LooseText = Field(default=None, max_length=50)
    size_width: LooseDecimal = None
    size_height: LooseDecimal = None
    size_unit: OptionalText = Field(default=None, max_length=10)
    weight: LooseDecimal = None
    weight_unit: OptionalText = Field(default=None, max_length=10)


class ProductWrite(Schema):
    api_token: OptionalText = None
    product: ProductIn


class PackagePartOut(Schema):
    id: int
    quantity: QuantityOut


class ProductOut(Schema):
    id: int
    name: str
    code: str
    ean_code: str
    description: str
    price_net: MoneyOut
    price_gross: MoneyOut
    price_tax: MoneyOut
    tax: str
    currency: str
    category_id: int | None
    tag_list: list[str]
    service: bool
    electronic_service: bool
    gtu_codes: list[str]
    limited: bool
    stock_level: QuantityOut
    warehouse_quantity: QuantityOut
    purchase_price_net: MoneyOut
    purchase_price_gross: MoneyOut
    purchase_price_tax: MoneyOut
    purchase_tax: str | None
    package: bool
    package_products_details: list[PackagePartOut]
    package_product_ids: list[int]
    quantity_unit: str
    quantity: QuantityOut
    additional_info: str
    supplier_code: str
    accounting_id: str
    disabled: bool
    use_moss: bool
    use_product_warehouses: bool
    size: str
    size_width: QuantityOut
    size_height: QuantityOut
    size_unit: str
    weight: QuantityOut
    weight_unit: str
    created_at: Timestamp
    updated_at: Timestamp

    @staticmethod
    def resolve_tag_list(product: Product) -> list[str]:
        return product.tags

    @staticmethod
    def resolve_stock_level(product: Product) -> Decimal:
        return selectors.product_stock_level(product)

    @staticmethod
    def resolve_warehouse_quantity(product: Product) -> Decimal:
        return selectors.product_stock_level(product)

    @staticmethod
    def resolve_purchase_tax(product: Product) -> str | None:
        return product.purchase_tax or None

    @staticmethod
    def resolve_package_products_details(product: Product) -> list[dict]:
        return [
            {"id": part.product_id, "quantity": part.quantity}
            for part in selectors.package_parts(product)
        ]

    @staticmethod
    def resolve_package_product_ids(product: Product) -> list[int]:
        return [part.product_id for part in selectors.package_parts(product)]


class ProductListParams(ListParams):
    name: OptionalText = None
    code: OptionalText = None
    category_id: OptionalText = None
    disabled: OptionalText = None
    warehouse_id: OptionalText = None


class ProductShowParams(Schema):
    warehouse_id: OptionalText = None


ORDER_FIELDS = ("id", "name", "code", "price_net", "price_gross", "created_at", "updated_at")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_FLAGS = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}


def _id_parameter(name: str, raw: str | None) -> int | None:
    if raw is None:
        return None
    text = raw.strip()
    # Twenty digits are more than any database key holds; longer texts are not ids.
    if not text.isascii() or not text.isdigit() or len(text) > 20 or int(text) < 1:
        raise BadParameter(name, f"must be a whole number of 1 or more, got {raw!r}")
    return int(text)


def _date_parameter(name: str, raw: str | None) -> dt.date | None:
    if raw is None:
        return None
    try:
        if not _DATE.fullmatch(raw.strip()):
            raise ValueError
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise BadParameter(name, f"must be a date in the format YYYY-MM-DD, got {raw!r}") from None


def _flag_parameter(name: str, raw: str | None) -> bool | None:
    if raw is None:
        return None
    flag = _FLAGS.get(raw.strip().lower())
    if flag is None:
        raise BadParameter(name, f"must be one of: 1, 0, true, false, got {raw!r}")
    return flag


@router.get("/products", response=list[ProductOut])
@xml_root("product")
def product_list(request, params: Query[ProductListParams]):
    """The account's products.

    `date_from` alone keeps products created or changed (`updated_at`) on or after that
    day, as the reference's "products added or changed after a date" call expects;
    `period` (with `date_from`/`date_to` for `more`) filters on `updated_at` as well.
    """
    warehouse_id = _warehouse(request.auth.account, params.warehouse_id)
    products = selectors.product_list(
        account=request.auth.account,
        name=params.name,
        code=params.code,
        category_id=_id_parameter("category_id", params.category_id),
        disabled=_flag_parameter("disabled", params.disabled),
        changed_since=_date_parameter("date_from", params.date_from),
    )
    page = list(list_page(products, params, order_fields=ORDER_FIELDS, period_field="updated_at"))
    return _in_warehouse(request.auth.account, warehouse_id, page)


@router.get("/products/{int:id}", response=ProductOut)
@xml_root("product")
def product_show(request, id: int, params: Query[ProductShowParams]):
    product = selectors.get_product(account=request.auth.account, id=id)
    warehouse_id = _warehouse(request.auth.account, params.warehouse_id)
    return _in_warehouse(request.auth.account, warehouse_id, [product])[0]


def _warehouse(account, raw: str | None) -> int | None:
    """`warehouse_id`: a warehouse of the account, or a 400 naming the parameter."""
    warehouse_id = _id_parameter("warehouse_id", raw)
    if warehouse_id is not None and not warehouse_selectors.warehouse_exists(
        account=account, id=warehouse_id
    ):
        raise BadParameter("warehouse_id", f"no warehouse {warehouse_id} in this account")
    return warehouse_id


def _in_warehouse(account, warehouse_id: int | None, products: list[Product]) -> list[Product]:
    """Attach one warehouse's levels of the products and their parts (one query)."""
    if warehouse_id is None:
        return products
    ids = {product.pk for product in products} | {
        part.product_id for product in products for part in selectors.package_parts(product)
    }
    levels = stock_of(account=account, warehouse_id=warehouse_id, product_ids=ids)
    for product in products:
        setattr(product, selectors.WAREHOUSE_LEVELS, levels)
    return products


@router.post("/products", response={201: ProductOut})
@xml_root("product")
def product_create(request, payload: ProductWrite):
    data = payload.product.model_dump(exclude_unset=True)
    return Status(201, services.product_create(account=request.auth.account, data=data))


@router.api_operation(["PUT", "PATCH"], "/products/{int:id}", response=ProductOut)
@xml_root("product")
def product_update(request, id: int, payload: ProductWrite):
    data = payload.product.model_dump(exclude_unset=True)
    return services.product_update(account=request.auth.account, id=id, data=data)


@router.delete("/products/{int:id}", response=str)
@xml_root("hash")
def product_delete(request, id: int):
    services.product_delete(account=request.auth.account, id=id)
    return "ok"
