"""Warehouse documents over the API ("Dokumenty magazynowe").

No recorded response shows a document's body: the keys follow the recorded
entity's field names (api-wire-format.md §1.7) for what Faktura keeps, and the
document carries its `warehouse_actions`, the shape it is created with.
"""

import datetime as dt
from typing import Annotated

from ninja import Query, Router, Schema, Status
from pydantic import Field

from faktura.api.formats import PDF, request_format
from faktura.api.listing import ListParams, list_page
from faktura.api.rendering import xml_root
from faktura.api.types import (
    IdList,
    IndexedList,
    LooseText,
    MoneyIn,
    MoneyOut,
    OptionalInt,
    OptionalText,
    QuantityIn,
    QuantityOut,
    Timestamp,
)
from faktura.documents import labels
from faktura.documents.pdf import warehouse_document_pdf
from faktura.documents.responses import pdf_filename, pdf_response
from faktura.warehouse import selectors
from faktura.warehouse.models import WarehouseAction, WarehouseDocument
from faktura.warehouse.services import documents as services

router = Router(tags=["warehouse documents"])


class ActionIn(Schema):
    product_id: OptionalInt = None
    product_name: OptionalText = Field(default=None, max_length=255)
    quantity: QuantityIn = None
    tax: LooseText = Field(default=None, max_length=20)
    price_net: MoneyIn = None
    price_gross: MoneyIn = None
    purchase_tax: LooseText = Field(default=None, max_length=20)
    purchase_price_net: MoneyIn = None
    purchase_price_gross: MoneyIn = None
    warehouse2_id: OptionalInt = None


class DocumentIn(Schema):
    kind: OptionalText = Field(default=None, max_length=2)
    number: OptionalText = Field(default=None, max_length=100)
    issue_date: dt.date | None = None
    warehouse_id: OptionalInt = None
    warehouse2_id: OptionalInt = None
    department_id: OptionalInt = None
    department_name: OptionalText = Field(default=None, max_length=255)
    client_id: OptionalInt = None
    client_name: OptionalText = Field(default=None, max_length=255)
    client_tax_no: OptionalText = Field(default=None, max_length=50)
    description: OptionalText = None
    oid: OptionalText = Field(default=None, max_length=255)
    currency: OptionalText = Field(default=None, min_length=3, max_length=3)
    invoice_ids: IdList = None
    warehouse_actions: Annotated[list[ActionIn] | None, IndexedList] = None


class DocumentWrite(Schema):
    api_token: OptionalText = None
    warehouse_document: DocumentIn


class ActionOut(Schema):
    id: int
    kind: str
    warehouse_id: int
    warehouse_document_id: int
    product_id: int
    product_name: str
    quantity: QuantityOut
    tax: str
    price_net: MoneyOut
    price_gross: MoneyOut
    purchase_tax: str
    purchase_price_net: MoneyOut
    purchase_price_gross: MoneyOut
    created_at: Timestamp

    @staticmethod
    def resolve_warehouse_document_id(action: WarehouseAction) -> int:
        return action.document_id

    @staticmethod
    def resolve_product_name(action: WarehouseAction) -> str:
        return action.product.name


class DocumentOut(Schema):
    id: int
    kind: str
    number: str
    issue_date: dt.date
    warehouse_id: int
    warehouse2_id: int | None
    account_id: int
    client_id: int | None
    client_name: str
    client_tax_no: str
    client_street: str
    client_post_code: str
    client_city: str
    client_country: str
    department_id: int | None
    department_name: str
    department_tax_no: str
    description: str
    oid: str
    currency: str
    price_net: MoneyOut
    price_tax: MoneyOut
    price_gross: MoneyOut
    purchase_price_net: MoneyOut
    purchase_price_tax: MoneyOut
    purchase_price_gross: MoneyOut
    invoice_ids: list[int]
    from_api: bool
    deleted: bool = False
    created_at: Timestamp
    updated_at: Timestamp
    warehouse_actions: list[ActionOut]

    @staticmethod
    def resolve_invoice_ids(document: WarehouseDocument) -> list[int]:
        return sorted(invoice.pk for invoice in document.invoices.all())

    @staticmethod
    def resolve_warehouse_actions(document: WarehouseDocument) -> list[WarehouseAction]:
        return list(document.actions.all())


ORDER_FIELDS = ("id", "issue_date", "number", "created_at", "updated_at")


@router.get("/warehouse_documents", response=list[DocumentOut])
@xml_root("warehouse_document")
def document_list(request, params: Query[ListParams]):
    documents = selectors.document_list(account=request.auth.account)
    return selectors.with_actions(
        list_page(documents, params, order_fields=ORDER_FIELDS, period_field="issue_date")
    )


@router.get("/warehouse_documents/{int:id}", response=DocumentOut)
@xml_root("warehouse_document")
def document_show(request, id: int):
    document = selectors.get_document(account=request.auth.account, id=id)
    if request_format(request) == PDF:
        title = labels.warehouse_title(document.kind, document.account.lang)
        return pdf_response(warehouse_document_pdf(document), pdf_filename(title, document.number))
    return document


@router.post("/warehouse_documents", response={201: DocumentOut})
@xml_root("warehouse_document")
def document_create(request, payload: DocumentWrite):
    data = payload.warehouse_document.model_dump(exclude_unset=True)
    _actions_dumped(payload.warehouse_document, data)
    document = services.warehouse_document_create(account=request.auth.account, data=data)
    return Status(201, selectors.get_document(account=request.auth.account, id=document.pk))


@router.api_operation(["PUT", "PATCH"], "/warehouse_documents/{int:id}", response=DocumentOut)
@xml_root("warehouse_document")
def document_update(request, id: int, payload: DocumentWrite):
    data = payload.warehouse_document.model_dump(exclude_unset=True)
    _actions_dumped(payload.warehouse_document, data)
    services.warehouse_document_update(account=request.auth.account, id=id, data=data)
    return selectors.get_document(account=request.auth.account, id=id)


@router.delete("/warehouse_documents/{int:id}", response=str)
@xml_root("hash")
def document_delete(request, id: int):
    services.warehouse_document_delete(account=request.auth.account, id=id)
    return "ok"


def _actions_dumped(document: DocumentIn, data: dict) -> None:
    if document.warehouse_actions is not None:
        data["warehouse_actions"] = [
            action.model_dump(exclude_unset=True) for action in document.warehouse_actions
        ]
