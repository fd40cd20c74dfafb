"""Rows are fetched by id only within the caller's account.

Every `get_<entity>(*, account, id)` goes through `get_owned`, so "does not
exist" and "belongs to another account" look the same (NotFound → 404), and
ids no row can have are answered without asking the database (which, for
ids beyond bigint, would fail rather than answer).
"""

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from faktura.errors import NotFound

MAX_ID = 2**63 - 1


def possible_id(id) -> bool:
    """Whether `id` could name a row at all (a positive bigint)."""
    return isinstance(id, int) and not isinstance(id, bool) and 0 < id <= MAX_ID


def find_owned(rows: type[Model] | QuerySet, *, account, id):
    """The account's row with this id, or None (for ids given in request bodies)."""
    if not possible_id(id):
        return None
    queryset = rows.objects.all() if isinstance(rows, type) else rows
    return queryset.filter(account=account, pk=id).first()


def find_all_owned(rows: type[Model] | QuerySet, *, account, ids) -> dict:
    """The account's rows among `ids`, by id (ids no row can have are simply not found)."""
    wanted = [id for id in ids if possible_id(id)]
    if not wanted:
        return {}
    queryset = rows.objects.all() if isinstance(rows, type) else rows
    return {row.pk: row for row in queryset.filter(account=account, pk__in=wanted)}


def get_owned(rows: type[Model] | QuerySet, *, account, id):
    """The account's row with this id; NotFound when it is missing or someone else's."""
    row = find_owned(rows, account=account, id=id)
    if row is None:
        raise NotFound()
    return row


def owned_or_error(rows: type[Model] | QuerySet, account, data: dict, field: str, errors: dict):
    """The account's row named by `data[field]`: None when not given, or (with an error
    under `field` in `errors`) when the account has no such row."""
    value = data.get(field)
    if value is None:
        return None
    row = find_owned(rows, account=account, id=value)
    if row is None:
        errors.setdefault(field, []).append(_("does not exist in this account"))
    return row
