"""Reads of clients, always within one account."""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from faktura.accounts.models import Account
from faktura.catalog import tax_numbers
from faktura.catalog.models import Client
from faktura.tenancy import get_owned

# Whether a client's tags hold a value, for SQLite (PostgreSQL uses JSON containment).
_SQLITE_HAS_TAG = (
    'EXISTS (SELECT 1 FROM json_each("catalog_client"."tags") AS tag WHERE tag.value = %s)'
)
# The largest id a database integer column holds; larger ids cannot exist.


@dataclass(frozen=True)
class ClientFilters:
    """The list's search parameters; None (or empty) means "any".

    `name` is a case-insensitive substring; `email` matches whole, ignoring case;
    `shortcut` and `external_id` match exactly; `tax_no` matches the number without
    spaces, hyphens, dots and country prefix on both sides ("PL 525-244-57-67" finds
    "5252445767"); `tags` keeps the clients having every one of the tags.
    """

    name: str | None = None
    email: str | None = None
    shortcut: str | None = None
    tax_no: str | None = None
    external_id: str | None = None
    tags: list[str] = field(default_factory=list)


def get_client(*, account: Account, id: int) -> Client:
    """The account's client; another account's id raises the same NotFound as a missing one."""
    return get_owned(Client, account=account, id=id)


def client_list(*, account: Account, filters: ClientFilters | None = None) -> QuerySet:
    clients = Client.objects.filter(account=account)
    if filters is None:
        return clients
    if filters.name:
        clients = clients.filter(name__icontains=filters.name)
    if filters.email:
        clients = clients.filter(email__iexact=filters.email)
    if filters.shortcut:
        clients = clients.filter(shortcut=filters.shortcut)
    if filters.external_id:
        clients = clients.filter(external_id=filters.external_id)
    if filters.tax_no:
        clients = with_tax_no(clients, filters.tax_no)
    for n, tag in enumerate(filters.tags):
        clients = _with_tag(clients, tag, n)
    return clients


def with_tax_no(clients: QuerySet, tax_no: str) -> QuerySet:
    """Clients whose number equals `tax_no` once separators and country prefixes are dropped."""
    key = tax_numbers.search_key(tax_no)
    if not key:
        return clients.none()
    return clients.filter(tax_no_key=key)


def _with_tag(clients: QuerySet, tag: str, n: int) -> QuerySet:
    if connection.features.supports_json_field_contains:
        return clients.filter(tags__contains=[tag])
    # SQLite has no JSON containment: look through the array with json_each. The SQL is a
    # constant; the tag goes in as a parameter.
    has_tag = RawSQL(_SQLITE_HAS_TAG, (tag,), output_field=BooleanField())  # noqa: S611
    return clients.alias(**{f"has_tag_{n}": has_tag}).filter(**{f"has_tag_{n}": True})
