"""Number series: one locked counter row per series and period.

The pure part (patterns, formatting, reading numbers back) is
`invoicing/numbering.py`. Here every number is taken, freed or claimed under
a row lock inside the caller's transaction, so that numbers stay unique and
gapless under concurrent writers: the invoice that takes a number commits or
rolls back together with the counter. The invoices' own unique constraint
stands behind both.

The counter of a series is keyed by (account, series, period):

* `series` is `series_key(kind, department_id)`: the kind, plus the
  department's id when the account numbers each department separately
  (`"vat"`, `"vat:294947"`). The services store it followed by `|` and the
  pattern text (`"vat:294947|nr-m/mm/yyyy"`), so a new pattern starts a counter
  of its own.
* `period` is `pattern.period_key(issue_date)`: `"2026"`, `"2026-11"`,
  `"2026-11-22"`, or `""` for a counter that never starts again.
"""

import datetime

from django.db import connection, models, transaction

from faktura.invoicing.numbering import Pattern


class NumberCounter(models.Model):
    """The last number taken in one series and period of an account."""

    account = models.ForeignKey(
        "accounts.Account", on_delete=models.CASCADE, related_name="number_counters"
    )
    series = models.CharField(max_length=100)
    period = models.CharField(max_length=20, blank=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        app_label = "invoicing"
        constraints = [
            models.UniqueConstraint(
                fields=["account", "series", "period"], name="number_counter_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.period}: {self.last}"


SERIES_MAX_LENGTH = 100


def series_key(kind: str, department_id: int | None = None) -> str:
    """The series a document is numbered in: its kind, and its department when numbered apart.

    This is also the scope in which invoice numbers must be unique. It leaves
    the pattern out on purpose: two patterns may print the same number
    ("nr/mm/yyyy" and "nr-m/mm/yyyy" both print "5/11/2026").
    """
    return kind if department_id is None else f"{kind}:{department_id}"


def number_take(
    *, account, series: str, pattern: Pattern, issue_date: datetime.date
) -> tuple[int, str]:
    """Take the next number of a series: returns (counter, number as printed).

    Must run inside the caller's `transaction.atomic()`, the one that stores
    the document: the counter row stays locked until it commits, and a
    rollback returns the number. Raises TransactionManagementError outside a
    transaction.
    """
    _require_transaction()
    taken = _increment(
        account=account,
        series=_counter_series(series, pattern),
        period=pattern.period_key(issue_date),
    )
    if taken is None:  # the series' first number in this period
        row = _locked_counter(account=account, series=series, pattern=pattern, on=issue_date)
        row.last += 1
        row.save(update_fields=["last"])
        taken = row.last
    return taken, pattern.format(taken, issue_date)


def number_release(
    *, account, series: str, pattern: Pattern, issue_date: datetime.date, counter: int
) -> bool:
    """Free the number of a deleted document if it was the last of its series.

    Only the last number can be freed: the next document takes it again, and
    the series stays gapless. Any other number stays taken. Returns whether
    the counter went back. Same transaction rules as `number_take`.
    """
    _require_transaction()
    # One conditional UPDATE: it waits for a writer holding the row and then
    # checks `last` again, so a number taken meanwhile is never freed.
    freed = NumberCounter.objects.filter(
        account=account,
        series=_counter_series(series, pattern),
        period=pattern.period_key(issue_date),
        last=counter,
    ).update(last=counter - 1)
    return freed == 1


def number_claim(
    *, account, series: str, pattern: Pattern, issue_date: datetime.date, counter: int
) -> bool:
    """Record an explicit number that fits the series (see `numbering.parse_counter`).

    Raises the counter to `counter` when that is higher, so the next number
    taken follows it; a lower one leaves the counter as it is (the invoices'
    unique constraint refuses a number already used). Returns whether the
    counter moved. Same transaction rules as `number_take`.
    """
    row = _locked_counter(account=account, series=series, pattern=pattern, on=issue_date)
    if counter <= row.last:
        return False
    row.last = counter
    row.save(update_fields=["last"])
    return True


def _increment(*, account, series: str, period: str) -> int | None:
    """Add one to an existing counter and return it; None when there is no such row.

    One `UPDATE … RETURNING` both locks the row until the transaction ends (as
    SELECT … FOR UPDATE would) and reads the new value: a single statement
    instead of a SELECT and an UPDATE, each compiled by the ORM.
    """
    if not connection.features.can_return_columns_from_insert:  # SQLite before 3.35
        return None
    quote = connection.ops.quote_name
    table, last = quote(NumberCounter._meta.db_table), quote("last")
    fields = NumberCounter._meta
    account_id, series_column, period_column = (
        quote(fields.get_field(name).column) for name in ("account", "series", "period")
    )
    # Only names from the model are formatted in; every value is a parameter.
    sql = (
        f"UPDATE {table} SET {last} = {last} + 1 "  # noqa: S608
        f"WHERE {account_id} = %s AND {series_column} = %s AND {period_column} = %s "
        f"RETURNING {last}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [account.pk, series, period])
        row = cursor.fetchone()
    return None if row is None else row[0]


def _locked_counter(*, account, series: str, pattern: Pattern, on: datetime.date) -> NumberCounter:
    """The series' counter row, created if need be, locked until the transaction ends."""
    _require_transaction()
    # Two writers may both find no row for a new period. get_or_create
    # inserts inside a savepoint; the loser's insert waits on the unique
    # constraint until the winner commits, fails, and reads (and locks) the
    # winner's row instead.
    row, _ = NumberCounter.objects.select_for_update().get_or_create(
        account=account, series=_counter_series(series, pattern), period=pattern.period_key(on)
    )
    return row


def _counter_series(series: str, pattern: Pattern) -> str:
    key = f"{series}|{pattern.text}"
    if len(key) > SERIES_MAX_LENGTH:
        raise ValueError(f"series key longer than {SERIES_MAX_LENGTH} characters: {key!r}")
    return key


def _require_transaction() -> None:
    if transaction.get_autocommit():
        raise transaction.TransactionManagementError(
            "numbers must be taken and freed inside the transaction that stores the document"
        )
