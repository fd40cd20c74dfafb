"""Copies of stored rows, written with plain SQL INSERTs through the DB-API cursor.

The benchmark writes "the same rows" the API writes: it takes an invoice the
server created over HTTP, with its positions, and inserts copies of those rows
with only the columns that must differ (id, number, token, dates) changed. The
ORM is used once, to read the template and turn its values into what the
database driver takes; every INSERT is a hand-written statement.
"""

from django.db import connection, models

from faktura.invoicing.models import Invoice, InvoicePosition, new_token


class RowCopier:
    """`INSERT INTO <table> (<columns>) VALUES (…)` for copies of one stored row."""

    def __init__(self, template: models.Model, *, with_id: bool):
        fields = [
            field
            for field in type(template)._meta.concrete_fields
            if with_id or not field.primary_key
        ]
        quote = connection.ops.quote_name
        self.columns = [field.column for field in fields]
        # Names from the model's metadata, quoted; the values travel as parameters.
        self.sql = "INSERT INTO {table} ({columns}) VALUES ({values})".format(  # noqa: S608
            table=quote(type(template)._meta.db_table),
            columns=", ".join(quote(column) for column in self.columns),
            values=", ".join(["%s"] * len(fields)),
        )
        self._template = [
            field.get_db_prep_save(getattr(template, field.attname), connection) for field in fields
        ]
        self._index = {column: i for i, column in enumerate(self.columns)}

    def row(self, **changes) -> list:
        """The template's values with `changes` (column → database value) applied."""
        values = list(self._template)
        for column, value in changes.items():
            values[self._index[column]] = value
        return values


class InvoiceCopier:
    """Copies of one invoice and its positions: the rows POST /invoices.json writes."""

    def __init__(self, invoice: Invoice, *, with_id: bool):
        positions = list(InvoicePosition.objects.filter(invoice=invoice).order_by("order", "id"))
        if not positions:
            raise ValueError(f"invoice {invoice.pk} has no positions to copy")
        self.invoices = RowCopier(invoice, with_id=with_id)
        self.positions = [RowCopier(position, with_id=False) for position in positions]
        self.position_sql = self.positions[0].sql
        self.number = invoice.number

    def invoice_row(self, serial: str, **changes) -> list:
        """An invoice row numbered `<number>-<serial>` (unique in its series) with a new token."""
        return self.invoices.row(number=f"{self.number}-{serial}", token=new_token(), **changes)

    def position_rows(self, invoice_id: int) -> list[list]:
        return [copier.row(invoice_id=invoice_id) for copier in self.positions]
