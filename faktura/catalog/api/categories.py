"""Categories over the API ("Kategorie")."""

from ninja import Query, Router, Schema, Status
from pydantic import Field

from faktura.api.listing import ListParams, list_page
from faktura.api.rendering import xml_root
from faktura.api.types import OptionalText, Timestamp
from faktura.catalog.selectors import categories as selectors
from faktura.catalog.services import categories as services

router = Router(tags=["categories"])


class CategoryIn(Schema):
    name: OptionalText = Field(default=None, max_length=255)
    description: OptionalText = None


class CategoryWrite(Schema):
    api_token: OptionalText = None
    category: CategoryIn


class CategoryOut(Schema):
    id: int
    name: str
    description: str | None
    created_at: Timestamp
    updated_at: Timestamp


ORDER_FIELDS = ("id", "name", "created_at", "updated_at")


@router.get("/categories", response=list[CategoryOut])
@xml_root("category", "categories")
def category_list(request, params: Query[ListParams]):
    categories = selectors.category_list(account=request.auth.account)
    return list(list_page(categories, params, order_fields=ORDER_FIELDS, period_field="created_at"))


@router.get("/categories/{int:id}", response=CategoryOut)
@xml_root("category", "categories")
def category_show(request, id: int):
    return selectors.get_category(account=request.auth.account, id=id)


@router.post("/categories", response={201: CategoryOut})
@xml_root("category", "categories")
def category_create(request, payload: CategoryWrite):
    data = payload.category.model_dump(exclude_unset=True)
    return Status(201, services.category_create(account=request.auth.account, data=data))


@router.api_operation(["PUT", "PATCH"], "/categories/{int:id}", response=CategoryOut)
@xml_root("category", "categories")
def category_update(request, id: int, payload: CategoryWrite):
    data = payload.category.model_dump(exclude_unset=True)
    return services.category_update(account=request.auth.account, id=id, data=data)


@router.delete("/categories/{int:id}", response=str)
@xml_root("hash")
def category_delete(request, id: int):
    services.category_delete(account=request.auth.account, id=id)
    return "ok"
