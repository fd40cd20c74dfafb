"""Accounts, login and users over the API.

The reference's sections "Konta systemowe", "Logowanie" and "Dodawanie użytkowników".
"""

import hmac

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from faktura.accounts import accounting_offices, fast_login, selectors, services
from faktura.accounts.models import Account, Membership
from faktura.accounts.urls import account_url, host_prefix
from faktura.api.auth import resolve_membership
from faktura.api.errors import Unauthenticated
from faktura.api.rendering import xml_root
from faktura.api.types import LooseBool, OptionalText, Timestamp
from faktura.catalog.api.departments import DepartmentData, DepartmentOut
from faktura.catalog.models import Department
from faktura.errors import BadParameter, Forbidden

router = Router(tags=["accounts"])

Text255 = Field(default=None, max_length=255)


class AccountIn(Schema):
    prefix: OptionalText = Field(default=None, max_length=40)
    name: OptionalText = Text255
    lang: OptionalText = Field(default=None, max_length=5)
    integration_fast_login: LooseBool = None
    integration_logout_url: OptionalText = Field(default=None, max_length=500)


class NewUserIn(Schema):
    login: OptionalText = Field(default=None, max_length=150)
    email: OptionalText = Text255
    password: OptionalText = Field(default=None, max_length=128)
    first_name: OptionalText = Field(default=None, max_length=150)
    last_name: OptionalText = Field(default=None, max_length=150)
    from_partner: OptionalText = Text255


class AccountCreateIn(Schema):
    api_token: OptionalText = None
    integration_token: OptionalText = None
    account: AccountIn | None = None
    user: NewUserIn | None = None
    company: DepartmentData | None = None


class AccountCreatedOut(Schema):
    prefix: str
    api_token: str
    url: str
    login: str
    email: str | None


class AccountOut(Schema):
    id: int
    prefix: str
    name: str
    lang: str
    url: str
    login: str
    email: str | None
    first_name: str
    last_name: str
    role: str
    api_token: str | None
    integration_fast_login: bool
    integration_logout_url: str
    company: DepartmentOut | None
    created_at: Timestamp


class LoginIn(Schema):
    login: OptionalText = None
    password: OptionalText = None
    integration_token: OptionalText = None


class LoginOut(Schema):
    login: str
    email: str | None
    prefix: str
    url: str
    first_name: str
    last_name: str
    api_token: str | None


class AddUserFields(Schema):
    invite: LooseBool = False
    email: OptionalText = Text255
    password: OptionalText = Field(default=None, max_length=128)
    login: OptionalText = Field(default=None, max_length=150)
    role: str | int | None = "member"
    department_ids: list[int] = Field(default_factory=list)


class AddUserIn(Schema):
    api_token: OptionalText = None
    integration_token: OptionalText = None
    user: AddUserFields


class MemberOut(Schema):
    id: int
    login: str
    email: str | None
    first_name: str
    last_name: str
    role: str
    department_ids: list[int]


class Envelope(Schema):
    code: str
    message: str


def _integration_token_valid(given: str | None) -> bool:
    expected = settings.FAKTURA_INTEGRATION_TOKEN
    return bool(expected and given and hmac.compare_digest(given.encode(), expected.encode()))


def _partner_of(request: HttpRequest, payload: AccountCreateIn) -> Account | None:
    """The partner creating an account: None for the integration token, else the token's account."""
    if _integration_token_valid(payload.integration_token):
        return None
    if payload.integration_token:
        raise Unauthenticated(_("Wrong integration_token"))
    membership = resolve_membership(request)
    if membership is None:
        raise Unauthenticated()
    if not (membership.account.is_partner and membership.is_admin):
        raise Forbidden(_("This account is not a partner account and may not create accounts"))
    return membership.account


@router.post("/account", auth=None, response={201: AccountCreatedOut})
@xml_root("account")
def account_create(request, payload: AccountCreateIn):
    partner = _partner_of(request, payload)
    account_in = payload.account or AccountIn()
    user_in = payload.user
    membership = services.account_create(
        account=services.NewAccount(
            prefix=account_in.prefix,
            name=account_in.name,
            lang=(account_in.lang or "pl").lower(),
            integration_fast_login=bool(account_in.integration_fast_login),
            integration_logout_url=account_in.integration_logout_url or "",
        ),
        user=services.NewUser(
            login=user_in.login,
            email=user_in.email,
            password=user_in.password,
            first_name=user_in.first_name or "",
            last_name=user_in.last_name or "",
        )
        if user_in
        else None,
        company=payload.company.model_dump(exclude_none=True) if payload.company else None,
        partner=partner,
    )
    return Status(
        201,
        {
            "prefix": membership.account.prefix,
            "api_token": membership.api_token,
            "url": account_url(membership.account.prefix),
            "login": membership.user.login,
            "email": membership.user.email,
        },
    )


@router.get("/account", response=AccountOut)
@xml_root("account")
def account_show(request):
    membership: Membership = request.auth
    account, user = membership.account, membership.user
    company = Department.objects.filter(account=account, main=True).first()
    return {
        "id": account.pk,
        "prefix": account.prefix,
        "name": account.name,
        "lang": account.lang,
        "url": account_url(account.prefix),
        "login": user.login,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "role": membership.role_name,
        "api_token": membership.api_token,
        "integration_fast_login": account.integration_fast_login,
        "integration_logout_url": account.integration_logout_url,
        "company": company,
        "created_at": account.created_at,
    }


@router.post("/account/delete", response=Envelope)
@xml_root("hash")
def account_delete_request(request):
    def confirm_url(token: str) -> str:
        path = reverse("account-delete-confirm", urlconf="faktura.urls", args=[token])
        return account_url(request.auth.account.prefix) + path

    services.account_deletion_request(actor=request.auth, confirm_url_for=confirm_url)
    return {"code": "success", "message": _("Account deletion link sent!")}


class FastLoginIn(Schema):
    api_token: OptionalText = None
    # Where in the panel the user lands: a path on the account's host ("/invoices/new").
    next: OptionalText = Field(default=None, max_length=500)


class FastLoginOut(Schema):
    url: str
    expires_at: Timestamp


@router.post("/account/fast_login", response=FastLoginOut)
@xml_root("fast_login")
def account_fast_login(request, payload: FastLoginIn):
    """Not in the reference: a one-time link into the panel for the token's user (60 s)."""
    target = payload.next or ""
    if target and (not target.startswith("/") or target.startswith("//")):
        raise BadParameter("next", _("must be a path on this site, starting with /"))
    token, expires_at = fast_login.fast_login_link_create(membership=request.auth)
    path = reverse("panel-fast-login", urlconf="faktura.urls", args=[token])
    query = f"?{urlencode({'next': target})}" if target else ""
    return {
        "url": account_url(request.auth.account.prefix) + path + query,
        "expires_at": expires_at,
    }


class LinkIn(Schema):
    api_token: OptionalText = None
    prefix: OptionalText = Field(default=None, max_length=100)


class UnlinkIn(Schema):
    api_token: OptionalText = None
    prefix: str | list[str] | None = None


class UnlinkResult(Schema):
    unlinked: list[str]
    not_unlinked: list[str]


class NothingUnlinked(Schema):
    not_unlinked: list[str]


class UnlinkOut(Schema):
    code: str
    message: str
    result: UnlinkResult


class UnlinkErrorOut(Schema):
    code: str
    message: str
    result: NothingUnlinked


@router.post("/account/link", response={201: Envelope})
@xml_root("hash")
def account_link(request, payload: LinkIn):
    """Not in the reference: let the accounting office `prefix` read this account."""
    accounting_offices.office_link(actor=request.auth, office_prefix=payload.prefix or "")
    return Status(201, {"code": "success", "message": _("Account linked")})


@router.patch("/account/unlink", response={200: UnlinkOut, 422: UnlinkErrorOut})
@xml_root("hash")
def account_unlink(request, payload: UnlinkIn):
    """The reference's "Odłączanie konta": the office unlinks one client account or a list."""
    prefixes = payload.prefix if isinstance(payload.prefix, list) else [payload.prefix]
    prefixes = [prefix for prefix in prefixes if prefix]
    if not prefixes:
        raise BadParameter("prefix", _("give one account prefix or a list of them"))
    unlinked, not_unlinked = accounting_offices.office_unlink(actor=request.auth, prefixes=prefixes)
    if not unlinked:
        body = {"not_unlinked": not_unlinked}
        return Status(422, {"code": "error", "message": _("No accounts to unlink"), "result": body})
    result = {"unlinked": unlinked, "not_unlinked": not_unlinked}
    return {"code": "success", "message": _("Accounts unlinked"), "result": result}


@router.post("/login", auth=None, response=LoginOut)
@xml_root("user")
def login(request, payload: LoginIn):
    user = selectors.user_for_password(login=payload.login or "", password=payload.password or "")
    membership = user and selectors.membership_of(user=user, prefix=host_prefix(request))
    if membership is None:
        raise Unauthenticated(_("Wrong login or password"))
    return {
        "login": user.login,
        "email": user.email,
        "prefix": membership.account.prefix,
        "url": account_url(membership.account.prefix),
        "first_name": user.first_name,
        "last_name": user.last_name,
        "api_token": membership.api_token,
    }


def _member(membership: Membership) -> dict:
    user = membership.user
    return {
        "id": user.pk,
        "login": user.login,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "role": membership.role_name,
        "department_ids": sorted(department.pk for department in membership.departments.all()),
    }


@router.get("/account/users", response=list[MemberOut])
@xml_root("user")
def account_users(request):
    """Not in the reference: the account's users, so a partner can pair its own users with
    them (by identical login or e-mail). Every member may read it, as the panel shows it."""
    memberships = (
        Membership.objects.filter(account=request.auth.account)
        .select_related("user", "custom_role")
        .prefetch_related("departments")
        .order_by("user__login", "pk")
    )
    return [_member(membership) for membership in memberships]


@router.post("/account/add_user", response={201: MemberOut})
@xml_root("user")
def account_add_user(request, payload: AddUserIn):
    fields = payload.user
    membership = services.membership_add(
        actor=request.auth,
        invite=bool(fields.invite),
        email=fields.email or "",
        password=fields.password,
        login=fields.login,
        role=fields.role,
        department_ids=fields.department_ids,
    )
    return Status(201, _member(membership))
