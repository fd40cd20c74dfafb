from django.apps import AppConfig


class AttachmentsConfig(AppConfig):
    """Files attached to invoices: signed uploads, the list, the ZIP and public downloads."""

    name = "faktura.attachments"
    label = "attachments"
