"""PDFs of the account's documents: the rows a snapshot needs, loaded, snapshotted and rendered.

`invoice_pdf` and `warehouse_document_pdf` are what the API, the public link and
e-mail call; the page content is decided by the pure functions in `snapshot` and
`warehouse_snapshot`, the layout by the templates in `typst/`.

A department's logo is printed from a file on this machine: Typst reads it by
path. With the default file storage that is the stored file itself; with a
remote storage the logo is copied once into the data directory's cache (logo
names are derived from their content, so a cached copy never goes stale).
"""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.utils import timezone

from faktura.catalog.models import Department, Product
from faktura.documents import snapshot
from faktura.documents.render import render_pdf
from faktura.documents.warehouse_snapshot import warehouse_document_snapshot
from faktura.invoicing.models import Invoice
from faktura.invoicing.services.settings import invoicing_settings
from faktura.warehouse.models import Warehouse, WarehouseDocument

PRINT_OPTIONS = snapshot.PRINT_OPTIONS
ORIGINAL = "original"


def _logo_path(department_id: int | None) -> str:
    if department_id is None:
        return ""
    name = Department.objects.filter(pk=department_id).values_list("logo", flat=True).first()
    if not name:
        return ""
    if isinstance(default_storage, FileSystemStorage):
        return default_storage.path(name)
    cached = Path(settings.DATA_DIR) / "cache" / name
    if not cached.exists():
        cached.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source:
            cached.write_bytes(source.read())
    return str(cached)


def _related(invoice: Invoice) -> snapshot.Related | None:
    """The corrected invoice of a correction, the order an advance is taken on."""
    if invoice.invoice_id is None:
        return None
    row = (
        Invoice.objects.filter(pk=invoice.invoice_id, account_id=invoice.account_id)
        .values("number", "issue_date", "price_gross")
        .first()
    )
    return snapshot.Related(**row) if row else None


def _settled(invoice: Invoice) -> list[snapshot.Settled]:
    if invoice.kind != Invoice.Kind.FINAL:
        return []
    advances = invoice.advances.order_by("issue_date", "id").prefetch_related("positions")
    return [snapshot.Settled(advance, list(advance.positions.all())) for advance in advances]


def invoice_snapshot_of(
    invoice: Invoice, *, print_option: str = ORIGINAL, today: dt.date | None = None
) -> dict:
    """The page data of a stored invoice (its rows loaded here)."""
    return snapshot.invoice_snapshot(
        invoice,
        list(invoice.positions.all()),
        bank_accounts=list(invoice.bank_accounts.all()),
        notes=list(invoice.descriptions.all()),
        settlements=list(invoice.settlement_positions.values_list("kind", "amount")),
        print_option=print_option,
        today=today or timezone.localdate(),
        related=_related(invoice),
        advances=_settled(invoice),
        signatures=invoicing_settings(account=invoice.account)["print_signatures"],
        logo=_logo_path(invoice.department_id),
    )


def invoice_pdf(
    invoice: Invoice, *, print_option: str = ORIGINAL, today: dt.date | None = None
) -> bytes:
    """The invoice printed with `print_option` (one of PRINT_OPTIONS); `today` dates a duplicate."""
    data = invoice_snapshot_of(invoice, print_option=print_option, today=today)
    return render_pdf(data["layout"], data)


def warehouse_document_pdf(document: WarehouseDocument) -> bytes:
    """A warehouse document printed in its account's language."""
    actions = list(document.actions.all())
    products = Product.objects.filter(pk__in={a.product_id for a in actions}).only(
        "name", "code", "quantity_unit"
    )
    names = dict(
        Warehouse.objects.filter(
            pk__in=[pk for pk in (document.warehouse_id, document.warehouse2_id) if pk]
        ).values_list("pk", "name")
    )
    data = warehouse_document_snapshot(
        document,
        actions,
        products={product.pk: product for product in products},
        warehouse_name=names.get(document.warehouse_id, ""),
        warehouse2_name=names.get(document.warehouse2_id, "") if document.warehouse2_id else "",
        invoice_numbers=list(document.invoices.values_list("number", flat=True)),
        lang=document.account.lang,
    )
    return render_pdf("warehouse", data)
