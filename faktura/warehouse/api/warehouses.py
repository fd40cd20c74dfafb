"""Warehouses over the API ("Magazyny")."""

from ninja import Query, Router, Schema, Status
from pydantic import Field

from faktura.api.listing import ListParams, list_page
from faktura.api.rendering import xml_root
from faktura.api.types import LooseBool, OptionalText, Timestamp
from faktura.warehouse import selectors
from faktura.warehouse.services import warehouses as services

router = Router(tags=["warehouses"])


class WarehouseIn(Schema):
    name: OptionalText = Field(default=None, max_length=255)
    kind: OptionalText = Field(default=None, max_length=50)
    description: OptionalText = None
    active: LooseBool = None


class WarehouseWrite(Schema):
    api_token: OptionalText = None
    warehouse: WarehouseIn


class WarehouseOut(Schema):
    """Keys as the recorded warehouse entity has them (api-wire-format.md §1.6)."""

    id: int
    name: str
    kind: str | None
    description: str | None
    account_id: int
    updater_id: int | None = None
    creator_id: int | None = None
    created_at: Timestamp
    updated_at: Timestamp
    deleted: bool = False
    active: bool
    use_product_warehouse_cache: bool = False
    siteor_shop_id: int | None = None


ORDER_FIELDS = ("id", "name", "created_at", "updated_at")


@router.get("/warehouses", response=list[WarehouseOut])
@xml_root("warehouse")
def warehouse_list(request, params: Query[ListParams]):
    warehouses = selectors.warehouse_list(account=request.auth.account)
    return list(list_page(warehouses, params, order_fields=ORDER_FIELDS, period_field="created_at"))


@router.get("/warehouses/{int:id}", response=WarehouseOut)
@xml_root("warehouse")
def warehouse_show(request, id: int):
    return selectors.get_warehouse(account=request.auth.account, id=id)


@router.post("/warehouses", response={201: WarehouseOut})
@xml_root("warehouse")
def warehouse_create(request, payload: WarehouseWrite):
    data = payload.warehouse.model_dump(exclude_unset=True)
    return Status(201, services.warehouse_create(account=request.auth.account, data=data))


@router.api_operation(["PUT", "PATCH"], "/warehouses/{int:id}", response=WarehouseOut)
@xml_root("warehouse")
def warehouse_update(request, id: int, payload: WarehouseWrite):
    data = payload.warehouse.model_dump(exclude_unset=True)
    return services.warehouse_update(account=request.auth.account, id=id, data=data)


@router.delete("/warehouses/{int:id}", response=str)
@xml_root("hash")
def warehouse_delete(request, id: int):
    services.warehouse_delete(account=request.auth.account, id=id)
    return "ok"
