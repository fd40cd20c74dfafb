"""Every write about accounts, users, memberships and API tokens."""

import re
import secrets
import string
from collections.abc import Callable
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from faktura.accounts import selectors
from faktura.accounts.models import Account, Membership, Role, User, token_digest
from faktura.accounts.urls import RESERVED_PREFIXES, account_url
from faktura.attachments.services import attachment_files_discard
from faktura.catalog.models import Department
from faktura.catalog.services.departments import delete_file_on_commit, department_create
from faktura.errors import Forbidden, Invalid, NotFound

ACCOUNT_LANGS = ("pl", "en", "uk")
MIN_PASSWORD_LENGTH = 8
PREFIX_MAX_LENGTH = Account._meta.get_field("prefix").max_length
LOGIN_MAX_LENGTH = User._meta.get_field("login").max_length
# Two requests may pick the same free prefix or login at once; the unique
# constraint stops the second, which then looks again.
CREATE_ATTEMPTS = 5
_PREFIX_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")
_TOKEN_ALPHABET = string.ascii_letters + string.digits
_DELETION_SALT = "faktura.accounts.delete"
DELETION_LINK_MAX_AGE = 24 * 3600


def new_api_token() -> str:
    return "".join(secrets.choice(_TOKEN_ALPHABET) for _ in range(32))


def _set_token(membership: Membership) -> None:
    token = new_api_token()
    membership.api_token = token
    membership.api_token_digest = token_digest(token)


def _free_variant(base: str, taken, max_length: int) -> str:
    """`base`, or `base-2`, `base-3`, … whichever is free first, within `max_length`."""
    candidate, n = base[:max_length], 1
    while taken(candidate):
        n += 1
        suffix = f"-{n}"
        candidate = base[: max_length - len(suffix)] + suffix
    return candidate


def _retry_on_conflict(create):
    """Run `create` (one atomic block) again when a unique constraint stopped it."""
    for _attempt in range(CREATE_ATTEMPTS - 1):
        try:
            return create()
        except IntegrityError:
            continue
    return create()


def _prefix_taken(prefix: str) -> bool:
    return prefix in RESERVED_PREFIXES or Account.objects.filter(prefix=prefix).exists()


def _login_taken(login: str) -> bool:
    return User.objects.filter(login__iexact=login).exists()


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:40].strip("-")


def _check_email(email: str, field: str = "email") -> str:
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise Invalid.field(field, _("is not a valid e-mail address")) from None
    return email


def password_problem(password: str | None) -> str | None:
    """What is wrong with a new password (the API's and the panel's rule), or None."""
    if not password or len(password) < MIN_PASSWORD_LENGTH:
        return _("is too short (minimum is %d characters)") % MIN_PASSWORD_LENGTH
    return None


def _check_password(password: str | None) -> str:
    problem = password_problem(password)
    if problem:
        raise Invalid.field("password", problem)
    return password


@dataclass(frozen=True)
class NewUser:
    login: str | None = None
    email: str | None = None
    password: str | None = None
    first_name: str = ""
    last_name: str = ""


@dataclass(frozen=True)
class NewAccount:
    prefix: str | None = None
    name: str | None = None
    lang: str = "pl"
    integration_fast_login: bool = False
    integration_logout_url: str = ""
    is_partner: bool = False


def _account_prefix(wanted: str | None, fallbacks: list[str | None]) -> str:
    if wanted:
        prefix = wanted.strip().lower()
        if not _PREFIX_PATTERN.match(prefix):
            raise Invalid.field(
                "prefix",
                _("may contain only letters a-z, digits and hyphens (1-40 characters)"),
            )
    else:
        prefix = next((_slug(text) for text in fallbacks if text and _slug(text)), "")
        if not prefix:
            raise Invalid.field("prefix", _("can't be blank"))
    return _free_variant(prefix, _prefix_taken, PREFIX_MAX_LENGTH)


def _owner_user(user: NewUser | None, prefix: str) -> User:
    if user is None or (not user.email and not user.login):
        # The reference lets a partner create an account without a user: the
        # account still needs an owner to hold the API token it answers with.
        login = _free_variant(prefix, _login_taken, LOGIN_MAX_LENGTH)
        return User.objects.create_user(login=login)
    email = _check_email(user.email) if user.email else None
    if email and User.objects.filter(email__iexact=email).exists():
        raise Invalid.field("email", _("has already been taken"))
    password = _check_password(user.password)
    wanted_login = (user.login or (email or "").split("@")[0]).strip()
    if not wanted_login:
        raise Invalid.field("login", _("can't be blank"))
    login = _free_variant(wanted_login, _login_taken, LOGIN_MAX_LENGTH)
    return User.objects.create_user(
        login=login,
        password=password,
        email=email,
        first_name=user.first_name,
        last_name=user.last_name,
    )


def account_create(
    *,
    account: NewAccount,
    user: NewUser | None = None,
    company: dict | None = None,
    partner: Account | None = None,
) -> Membership:
    """Create an account with its owner, main department and the owner's API token.

    Atomic. A taken prefix or login gets a free variant (`acme-2`), as the
    reference allows; a taken e-mail is refused. Returns the owner's membership.
    Raises Invalid naming the field.
    """
    if account.lang not in ACCOUNT_LANGS:
        raise Invalid.field("lang", _("must be one of: %s") % ", ".join(ACCOUNT_LANGS))
    if account.integration_logout_url:
        try:
            URLValidator(schemes=["http", "https"])(account.integration_logout_url)
        except ValidationError:
            raise Invalid.field("integration_logout_url", _("is not a valid URL")) from None
    company = company or {}
    return _retry_on_conflict(lambda: _account_create_once(account, user, company, partner))


def _account_create_once(
    account: NewAccount, user: NewUser | None, company: dict, partner: Account | None
) -> Membership:
    with transaction.atomic():
        prefix = _account_prefix(
            account.prefix,
            [company.get("name"), user and user.login, user and (user.email or "").split("@")[0]],
        )
        owner = _owner_user(user, prefix)
        new_account = Account.objects.create(
            prefix=prefix,
            name=account.name or company.get("name") or prefix,
            lang=account.lang,
            partner=partner,
            is_partner=account.is_partner,
            integration_fast_login=account.integration_fast_login,
            integration_logout_url=account.integration_logout_url,
        )
        department_create(
            account=new_account,
            data={**company, "name": company.get("name") or new_account.name, "main": True},
        )
        membership = Membership(account=new_account, user=owner, role=Membership.BuiltinRole.OWNER)
        _set_token(membership)
        membership.save()
    return membership


def _role_for(account: Account, role: str | int | None) -> tuple[str, Role | None]:
    builtin = {"member", "admin", "accountant"}
    text = str(role if role is not None else "member").strip().lower()
    if text in builtin:
        return text, None
    role_id = text.removeprefix("role_")
    if role_id.isdigit():
        custom = Role.objects.filter(account=account, pk=int(role_id)).first()
        if custom is not None:
            return Membership.BuiltinRole.CUSTOM, custom
        raise Invalid.field("role", _("no custom role with id %s in this account") % role_id)
    raise Invalid.field(
        "role", _("must be member, admin, accountant, or a custom role id (role_1234)")
    )


def _departments_of(account: Account, department_ids: list[int]) -> list[Department]:
    departments = list(Department.objects.filter(account=account, pk__in=department_ids))
    missing = sorted(set(department_ids) - {d.pk for d in departments})
    if missing:
        raise Invalid.field(
            "department_ids",
            _("no such department in this account: %s") % ", ".join(map(str, missing)),
        )
    return departments


def membership_add(
    *,
    actor: Membership,
    invite: bool,
    email: str,
    password: str | None = None,
    login: str | None = None,
    role: str | int | None = "member",
    department_ids: list[int] | None = None,
) -> Membership:
    """Add a user to the actor's account (POST /account/add_user.json).

    `invite=True` adds an existing user found by e-mail; `invite=False`
    creates the user with the password. Only owners and admins may add users.
    Atomic; raises Forbidden or Invalid naming the field.
    """
    if not actor.is_admin:
        raise Forbidden(_("Only the account's owner or an administrator may add users"))
    account = actor.account
    email = _check_email(email or "")
    role_name, custom_role = _role_for(account, role)

    def add() -> Membership:
        with transaction.atomic():
            departments = _departments_of(account, department_ids or [])
            existing = User.objects.filter(email__iexact=email).first()
            if invite:
                if existing is None:
                    raise Invalid.field("email", _("no user with this e-mail to invite"))
                user = existing
            else:
                if existing is not None:
                    raise Invalid.field("email", _("has already been taken"))
                wanted_login = (login or email.split("@")[0]).strip()
                user = User.objects.create_user(
                    login=_free_variant(wanted_login, _login_taken, LOGIN_MAX_LENGTH),
                    password=_check_password(password),
                    email=email,
                )
            if Membership.objects.filter(account=account, user=user).exists():
                raise Invalid.field("email", _("this user already belongs to the account"))
            membership = Membership(
                account=account, user=user, role=role_name, custom_role=custom_role
            )
            _set_token(membership)
            membership.save()
            membership.departments.set(departments)
        return membership

    return _retry_on_conflict(add)


def membership_create_signed_on(*, account: Account, login: str, email: str) -> Membership:
    """A new user `login` (`email`, no password) as a member of `account`, for a partner's
    single sign-on that may create users. The login and e-mail must be nobody's yet: a
    partner never takes over an existing person. Atomic; Invalid on `login` or `email`."""
    login = (login or "").strip()
    if not login or len(login) > LOGIN_MAX_LENGTH:
        raise Invalid.field("login", _("must be 1 to %d characters") % LOGIN_MAX_LENGTH)
    email = _check_email(email or "")

    def create() -> Membership:
        with transaction.atomic():
            if _login_taken(login):
                raise Invalid.field("login", _("has already been taken"))
            if User.objects.filter(email__iexact=email).exists():
                raise Invalid.field("email", _("has already been taken"))
            user = User.objects.create_user(login=login, password=None, email=email)
            membership = Membership(account=account, user=user, role=Membership.BuiltinRole.MEMBER)
            _set_token(membership)
            membership.save()
        return membership

    return _retry_on_conflict(create)


def membership_invite(
    *,
    actor: Membership,
    email: str,
    role: str | int | None = "member",
    department_ids: list[int] | None = None,
    link_for: Callable[[User], str],
) -> tuple[Membership, bool]:
    """Invite a person by e-mail into the actor's account (the panel's "invite a user").

    A user who already has this e-mail is added at once (`membership_add` with
    `invite=True`). Anyone else gets a new user with no usable password and an
    invitation e-mail holding `link_for(user)`, a link to set their password.
    The user, membership and e-mail are written in one transaction (the e-mail
    is sent once it commits). Returns the membership and whether an invitation
    was sent. Raises Forbidden or Invalid naming the field, as `membership_add`.
    """
    from faktura.delivery.services import email_queue

    if not actor.is_admin:
        raise Forbidden(_("Only the account's owner or an administrator may add users"))
    checked = _check_email(email or "")
    if User.objects.filter(email__iexact=checked).exists():
        membership = membership_add(
            actor=actor, invite=True, email=checked, role=role, department_ids=department_ids
        )
        return membership, False
    account = actor.account
    role_name, custom_role = _role_for(account, role)

    def add() -> Membership:
        with transaction.atomic():
            departments = _departments_of(account, department_ids or [])
            user = User.objects.create_user(
                login=_free_variant(checked.split("@")[0], _login_taken, LOGIN_MAX_LENGTH),
                password=None,
                email=checked,
            )
            membership = Membership(
                account=account, user=user, role=role_name, custom_role=custom_role
            )
            _set_token(membership)
            membership.save()
            membership.departments.set(departments)
            inviter = f"{actor.user.first_name} {actor.user.last_name}".strip() or actor.user.login
            email_queue(
                account=account,
                to=[checked],
                subject=_("An invitation to %(account)s in Faktura")
                % {"account": account.name or account.prefix},
                body_text=_(
                    "%(inviter)s invites you to the account %(account)s in Faktura.\n\n"
                    "Your login is %(login)s. To set your password and sign in, open "
                    "this link (it works once):\n%(link)s\n"
                )
                % {
                    "inviter": inviter,
                    "account": account.name or account.prefix,
                    "login": user.login,
                    "link": link_for(user),
                },
            )
        return membership

    return _retry_on_conflict(add), True


def _member_of(actor: Membership, id: int) -> Membership:
    """The account's membership `id`, its row locked; NotFound for any other account's."""
    if not actor.is_admin:
        raise Forbidden(_("Only the account's owner or an administrator may manage users"))
    membership = (
        Membership.objects.select_for_update()
        .select_related("user")
        .filter(account=actor.account, pk=id)
        .first()
    )
    if membership is None:
        raise NotFound(_("No such user in this account"))
    if (
        membership.role == Membership.BuiltinRole.OWNER
        and actor.role != Membership.BuiltinRole.OWNER
    ):
        raise Forbidden(_("Only an owner may change or remove another owner"))
    return membership


def _keep_an_owner(membership: Membership, field: str) -> None:
    """Refuse to take away the account's last owner (owners' rows locked meanwhile)."""
    if membership.role != Membership.BuiltinRole.OWNER:
        return
    others = (
        Membership.objects.select_for_update()
        .filter(account_id=membership.account_id, role=Membership.BuiltinRole.OWNER)
        .exclude(pk=membership.pk)
    )
    if not list(others):
        raise Invalid.field(field, _("the account must keep at least one owner"))


def membership_change(
    *, actor: Membership, id: int, role: str | int, department_ids: list[int] | None = None
) -> Membership:
    """Give membership `id` of the actor's account another role (member, admin, accountant
    or a custom role) and, when `department_ids` is given, those departments only (an
    empty list: all of them).

    Only owners and admins may; only an owner may change an owner's role, and the last
    owner keeps theirs. Atomic; raises Forbidden, NotFound, or Invalid on `role` or
    `department_ids`.
    """
    with transaction.atomic():
        membership = _member_of(actor, id)
        role_name, custom_role = _role_for(actor.account, role)
        departments = None
        if department_ids is not None:
            departments = _departments_of(actor.account, department_ids)
        _keep_an_owner(membership, "role")
        membership.role = role_name
        membership.custom_role = custom_role
        membership.save(update_fields=["role", "custom_role"])
        if departments is not None:
            membership.departments.set(departments)
    return membership


def membership_remove(*, actor: Membership, id: int) -> None:
    """Take membership `id` out of the actor's account; the user keeps other accounts.

    Only owners and admins may; only an owner may remove an owner, and never the last
    one. Atomic; raises Forbidden, NotFound, or Invalid on `user`.
    """
    with transaction.atomic():
        membership = _member_of(actor, id)
        _keep_an_owner(membership, "user")
        membership.delete()


def user_update(*, user: User, data: dict) -> User:
    """Change the user's own `first_name`, `last_name`, `email` and `lang` (those given).

    An e-mail must be valid and no other user's; an empty one is removed. Raises
    Invalid naming each wrong field; nothing is changed then.
    """
    values: dict = {}
    errors: dict[str, list[str]] = {}
    for field in ("first_name", "last_name"):
        if field in data:
            values[field] = (data[field] or "").strip()
            limit = User._meta.get_field(field).max_length
            if len(values[field]) > limit:
                errors[field] = [
                    _("is too long (maximum is %(count)d characters)") % {"count": limit}
                ]
    if "lang" in data:
        values["lang"] = data["lang"]
        if values["lang"] not in ACCOUNT_LANGS:
            errors["lang"] = [_("must be one of: %s") % ", ".join(ACCOUNT_LANGS)]
    if "email" in data:
        values["email"] = (data["email"] or "").strip() or None
        try:
            if values["email"] is not None:
                values["email"] = _check_email(values["email"])
                if User.objects.filter(email__iexact=values["email"]).exclude(pk=user.pk).exists():
                    raise Invalid.field("email", _("has already been taken"))
        except Invalid as error:
            errors.update(error.errors)
    if errors:
        raise Invalid(errors)
    previous = {field: getattr(user, field) for field in values}
    for field, value in values.items():
        setattr(user, field, value)
    try:
        with transaction.atomic():
            user.save(update_fields=list(values))
    except IntegrityError:  # another user took the e-mail meanwhile
        for field, value in previous.items():
            setattr(user, field, value)
        raise Invalid.field("email", _("has already been taken")) from None
    return user


def api_token_regenerate(*, membership: Membership) -> str:
    """Give the membership a new API token; the old one stops working at once."""
    for _attempt in range(3):
        _set_token(membership)
        try:
            with transaction.atomic():
                membership.save(update_fields=["api_token", "api_token_digest"])
        except IntegrityError:  # a digest collision: astronomically rare, try again
            continue
        return membership.api_token
    raise RuntimeError("could not generate a unique API token")


def account_deletion_link_token(account: Account) -> str:
    return signing.dumps(
        {"account": account.pk, "nonce": account.deletion_nonce}, salt=_DELETION_SALT
    )


def account_deletion_request(*, actor: Membership, confirm_url_for) -> list[str]:
    """E-mail the owners a link that deletes the account (POST /account/delete.json).

    Only an owner may ask. The link is valid for 24 hours and only until the
    next request or the deletion. The e-mail is queued in this transaction.
    Returns the addresses it was sent to.
    """
    from faktura.delivery.services import email_queue

    if actor.role != Membership.BuiltinRole.OWNER:
        raise Forbidden(_("Only the account's owner may delete it"))
    account = actor.account
    with transaction.atomic():
        account = Account.objects.select_for_update().get(pk=account.pk)
        account.deletion_nonce = secrets.token_hex(16)
        account.save(update_fields=["deletion_nonce", "updated_at"])
        # Owners only: whoever follows the link deletes the account, and an
        # administrator may not.
        recipients = sorted({m.user.email for m in selectors.owners(account)} - {None, ""})
        if not recipients:
            raise Invalid.field("email", _("the account's owner has no e-mail address"))
        url = confirm_url_for(account_deletion_link_token(account))
        email_queue(
            account=account,
            to=recipients,
            subject=_("Confirm deletion of account %s") % account.prefix,
            body_text=_(
                "Someone asked to delete the Faktura account %(prefix)s (%(url)s) and all "
                "its data.\n\nTo delete it, open this link within 24 hours and confirm:\n"
                "%(link)s\n\nIf you did not ask for this, ignore this message; the account "
                "stays as it is."
            )
            % {"prefix": account.prefix, "url": account_url(account.prefix), "link": url},
        )
    return recipients


def account_for_deletion_token(token: str) -> Account | None:
    """The account a deletion link names, or None when it is forged, expired or used."""
    try:
        data = signing.loads(token, salt=_DELETION_SALT, max_age=DELETION_LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    account = Account.objects.filter(pk=data.get("account")).first()
    if account is None or not account.deletion_nonce or account.deletion_nonce != data.get("nonce"):
        return None
    return account


def account_delete(*, token: str) -> str | None:
    """Delete the account a valid deletion link names, with all its data.

    Users who belonged to no other account are deleted too. Atomic. Returns
    the deleted account's prefix, or None when the link is not valid.
    """
    with transaction.atomic():
        account = account_for_deletion_token(token)
        if account is None:
            return None
        account = Account.objects.select_for_update().get(pk=account.pk)
        prefix = account.prefix
        user_ids = list(account.memberships.values_list("user_id", flat=True))
        # Uploaded files are not rows: remove them once the deletion is committed.
        for logo in (
            Department.objects.filter(account=account)
            .exclude(logo="")
            .values_list("logo", flat=True)
        ):
            delete_file_on_commit(logo)
        attachment_files_discard(account=account)
        account.delete()
        User.objects.filter(pk__in=user_ids, memberships__isnull=True).delete()
    return prefix


def demo_account_bootstrap() -> tuple[Membership, str] | None:
    """When the database holds no account, create `demo`; return it and its password."""
    with transaction.atomic():
        if Account.objects.exists():
            return None
        password = secrets.token_urlsafe(12)
        membership = account_create(
            account=NewAccount(prefix="demo", name="Demo"),
            user=NewUser(login="demo", email="demo@example.com", password=password),
            company={"name": "Demo sp. z o.o."},
        )
    return membership, password
