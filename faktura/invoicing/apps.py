from django.apps import AppConfig


class InvoicingConfig(AppConfig):
    """Invoices and every other document kind: money, numbering, corrections, copies."""

    name = "faktura.invoicing"
    label = "invoicing"
