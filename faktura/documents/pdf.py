"""PDFs of the account's documents: the rows a snapshot needs, loaded, snapshotted and rendered.

`invoice_pdf` and `warehouse_document_pdf` are what the API, the public link and
e-mail call; the page content is decided by the pure functions in `snapshot`,
the layout by the templates in `typst/`.
"""

import datetime as dt

from django.utils import timezone

from faktura.documents import snapshot
from faktura.documents.render import render_pdf
from faktura.invoicing.models import Invoice

PRINT_OPTIONS = snapshot.PRINT_OPTIONS
ORIGINAL = "original"


def invoice_pdf(
    invoice: Invoice, *, print_option: str = ORIGINAL, today: dt.date | None = None
) -> bytes:
    """The invoice printed with `print_option` (one of PRINT_OPTIONS); `today` dates a duplicate."""
    data = invoice_print_data(invoice, print_option=print_option, today=today)
    return render_pdf("invoice", data)


def invoice_print_data(
    invoice: Invoice, *, print_option: str = ORIGINAL, today: dt.date | None = None
) -> dict:
    """The invoice's snapshot with its rows loaded: what the PDF and the public page show."""
    return snapshot.invoice_snapshot(
        invoice,
        list(invoice.positions.all()),
        bank_accounts=list(invoice.bank_accounts.all()),
        notes=list(invoice.descriptions.all()),
        settlements=list(invoice.settlement_positions.values_list("kind", "amount")),
        print_option=print_option,
        today=today or timezone.localdate(),
    )
