"""Departments over the API ("Działy")."""

from typing import Any

from ninja import Query, Router, Schema, Status
from pydantic import Field

from faktura.api.listing import ListParams, list_page
from faktura.api.rendering import xml_root
from faktura.api.types import LooseBool, OptionalText, Timestamp
from faktura.catalog.selectors import departments as selectors
from faktura.catalog.services import departments as services

router = Router(tags=["departments"])


class DepartmentData(Schema):
    """A department's company data; also the `company` of a new account."""

    name: OptionalText = Field(default=None, max_length=255)
    shortcut: OptionalText = Field(default=None, max_length=100)
    tax_no_kind: OptionalText = Field(default=None, max_length=20)
    tax_no: OptionalText = Field(default=None, max_length=50)
    street: OptionalText = Field(default=None, max_length=255)
    post_code: OptionalText = Field(default=None, max_length=20)
    city: OptionalText = Field(default=None, max_length=100)
    country: OptionalText = Field(default=None, max_length=100)
    person: OptionalText = Field(default=None, max_length=255)
    email: OptionalText = Field(default=None, max_length=255)
    phone: OptionalText = Field(default=None, max_length=50)
    mobile_phone: OptionalText = Field(default=None, max_length=50)
    www: OptionalText = Field(default=None, max_length=255)
    fax: OptionalText = Field(default=None, max_length=50)
    bank: OptionalText = Field(default=None, max_length=255)
    bank_account: OptionalText = Field(default=None, max_length=100)
    bank_swift: OptionalText = Field(default=None, max_length=20)
    invoice_lang: OptionalText = Field(default=None, max_length=10)
    invoice_description: OptionalText = None
    footer_content: OptionalText = None
    use_mass_payment: LooseBool = None
    mass_payment_pattern: OptionalText = Field(default=None, max_length=64)


class DepartmentIn(DepartmentData):
    main: LooseBool = None
    # An uploaded file (multipart `department[logo]`), checked by the service; empty removes.
    logo: Any = None
    remove_logo: LooseBool = None


class DepartmentWrite(Schema):
    api_token: OptionalText = None
    department: DepartmentIn


class DepartmentOut(Schema):
    id: int
    name: str
    shortcut: str
    main: bool
    tax_no_kind: str
    tax_no: str
    street: str
    post_code: str
    city: str
    country: str
    person: str
    email: str
    phone: str
    mobile_phone: str
    www: str
    fax: str
    bank: str
    bank_account: str
    bank_swift: str
    logo_url: str | None
    invoice_lang: str
    invoice_description: str
    footer_content: str
    use_mass_payment: bool
    mass_payment_pattern: str
    created_at: Timestamp
    updated_at: Timestamp

    @staticmethod
    def resolve_logo_url(department) -> str | None:
        # "/media/logos/<random>.png", served by faktura.catalog.views.department_logo.
        return department.logo.url if department.logo else None


ORDER_FIELDS = ("id", "name", "shortcut", "created_at", "updated_at")


@router.get("/departments", response=list[DepartmentOut])
@xml_root("department")
def department_list(request, params: Query[ListParams]):
    departments = selectors.department_list(account=request.auth.account)
    return list(
        list_page(departments, params, order_fields=ORDER_FIELDS, period_field="created_at")
    )


@router.get("/departments/{int:id}", response=DepartmentOut)
@xml_root("department")
def department_show(request, id: int):
    return selectors.get_department(account=request.auth.account, id=id)


@router.post("/departments", response={201: DepartmentOut})
@xml_root("department")
def department_create(request, payload: DepartmentWrite):
    data = payload.department.model_dump(exclude_unset=True)
    return Status(201, services.department_create(account=request.auth.account, data=data))


@router.api_operation(["PUT", "PATCH"], "/departments/{int:id}", response=DepartmentOut)
@xml_root("department")
def department_update(request, id: int, payload: DepartmentWrite):
    data = payload.department.model_dump(exclude_unset=True)
    return services.department_update(account=request.auth.account, id=id, data=data)


@router.delete("/departments/{int:id}", response=str)
@xml_root("hash")
def department_delete(request, id: int):
    services.department_delete(account=request.auth.account, id=id)
    return "ok"
