"""Tenants (accounts), people (users) and what joins them (memberships with roles and tokens)."""

import hashlib

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower


class Account(models.Model):
    """A tenant: one company's books, addressed by its `prefix` (the subdomain)."""

    prefix = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=255, blank=True)
    lang = models.CharField(max_length=5, default="pl")
    settings = models.JSONField(default=dict, blank=True)
    # A partner's token may create accounts through POST /account.json.
    is_partner = models.BooleanField(default=False)
    partner = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="created_accounts"
    )
    integration_fast_login = models.BooleanField(default=False)
    integration_logout_url = models.URLField(max_length=500, blank=True)
    # Changes whenever a deletion link is sent or used, which voids older links.
    deletion_nonce = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.prefix


class UserManager(BaseUserManager):
    def create_user(self, login: str, password: str | None = None, **fields) -> "User":
        user = self.model(login=login, **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user


class User(AbstractBaseUser):
    """A person. One user may belong to several accounts, with a role in each."""

    login = models.CharField(max_length=150, unique=True)
    # NULL, not "": many users may have no e-mail, and e-mails are unique.
    email = models.EmailField(null=True, blank=True)  # noqa: DJ001
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    lang = models.CharField(max_length=5, default="pl")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UserManager()

    USERNAME_FIELD = "login"
    EMAIL_FIELD = "email"

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("login"), name="user_login_ci_unique"),
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.login


class Role(models.Model):
    """A custom role an account defines besides the built-in ones."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="roles")
    name = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["account", "name"], name="role_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Membership(models.Model):
    """A user's place in one account: role, department limits and API token."""

    class BuiltinRole(models.TextChoices):
        OWNER = "owner"
        ADMIN = "admin"
        MEMBER = "member"
        ACCOUNTANT = "accountant"
        CUSTOM = "custom"

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=BuiltinRole.choices)
    custom_role = models.ForeignKey(Role, null=True, blank=True, on_delete=models.PROTECT)
    departments = models.ManyToManyField("catalog.Department", blank=True)
    # The token is shown to its user (login.json returns it, as the reference
    # does); requests are matched by its digest and then compared in constant time.
    api_token = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    api_token_digest = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["account", "user"], name="membership_unique"),
            models.CheckConstraint(
                condition=models.Q(role="custom", custom_role__isnull=False)
                | (~models.Q(role="custom") & models.Q(custom_role__isnull=True)),
                name="membership_custom_role_iff_custom",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.account} ({self.role})"

    @property
    def is_admin(self) -> bool:
        return self.role in (self.BuiltinRole.OWNER, self.BuiltinRole.ADMIN)

    @property
    def role_name(self) -> str:
        """The role as the API spells it: `member`, `admin`, … or `role_<id>`."""
        if self.role == self.BuiltinRole.CUSTOM:
            return f"role_{self.custom_role_id}"
        return self.role


class FastLoginLink(models.Model):
    """A one-time link into the panel a partner asked for (POST /account/fast_login.json).

    Only the token's digest is stored; the link is used at most once and only until
    `expires_at` (see faktura.accounts.fast_login).
    """

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.membership} until {self.expires_at:%Y-%m-%d %H:%M:%S}"


class AccountingLink(models.Model):
    """An accounting office's account that reads a client company's account (read only)."""

    office = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="client_links")
    client = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="office_links")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "client"], name="accounting_link_once")
        ]

    def __str__(self) -> str:
        return f"{self.office_id} reads {self.client_id}"
