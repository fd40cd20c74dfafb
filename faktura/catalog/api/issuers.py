"""Issuers over the API ("Wystawcy")."""

from ninja import Query, Router, Schema, Status
from pydantic import Field

from faktura.api.listing import ListParams, list_page
from faktura.api.rendering import xml_root
from faktura.api.types import OptionalText, Timestamp
from faktura.catalog.selectors import issuers as selectors
from faktura.catalog.services import issuers as services

router = Router(tags=["issuers"])


class IssuerIn(Schema):
    name: OptionalText = Field(default=None, max_length=255)
    tax_no: OptionalText = Field(default=None, max_length=50)


class IssuerWrite(Schema):
    api_token: OptionalText = None
    issuer: IssuerIn


class IssuerOut(Schema):
    id: int
    name: str
    tax_no: str
    created_at: Timestamp
    updated_at: Timestamp


class IssuerListParams(ListParams):
    # Not in the reference: a convenience for finding an issuer by part of its name.
    name: OptionalText = None


ORDER_FIELDS = ("id", "name", "tax_no", "created_at", "updated_at")


@router.get("/issuers", response=list[IssuerOut])
@xml_root("issuer")
def issuer_list(request, params: Query[IssuerListParams]):
    issuers = selectors.issuer_list(account=request.auth.account, name=params.name)
    return list(list_page(issuers, params, order_fields=ORDER_FIELDS, period_field="created_at"))


@router.get("/issuers/{int:id}", response=IssuerOut)
@xml_root("issuer")
def issuer_show(request, id: int):
    return selectors.get_issuer(account=request.auth.account, id=id)


@router.post("/issuers", response={201: IssuerOut})
@xml_root("issuer")
def issuer_create(request, payload: IssuerWrite):
    data = payload.issuer.model_dump(exclude_unset=True)
    return Status(201, services.issuer_create(account=request.auth.account, data=data))


@router.api_operation(["PUT", "PATCH"], "/issuers/{int:id}", response=IssuerOut)
@xml_root("issuer")
def issuer_update(request, id: int, payload: IssuerWrite):
    data = payload.issuer.model_dump(exclude_unset=True)
    return services.issuer_update(account=request.auth.account, id=id, data=data)


@router.delete("/issuers/{int:id}", response=str)
@xml_root("hash")
def issuer_delete(request, id: int):
    services.issuer_delete(account=request.auth.account, id=id)
    return "ok"
