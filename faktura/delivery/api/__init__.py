"""Sending documents over the API: e-mail, its history, and the other API family's deliver."""

from faktura.delivery.api import deliver_v2, invoices  # noqa: F401 - they register routes
from faktura.delivery.api.routes import router

__all__ = ["router"]
