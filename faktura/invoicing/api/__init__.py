"""Invoices over the API ("Faktury"): reading, writing and actions on one router."""

from faktura.invoicing.api import actions, public_link, reading, writing  # noqa: F401 - they register routes
from faktura.invoicing.api.routes import router

__all__ = ["router"]
