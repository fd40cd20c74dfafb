"""Invoices over the API ("Faktury"): one module per concern."""

from ninja import Router

from faktura.invoicing.api import actions, reading

router = Router()
for module in (reading, actions):
    router.add_router("", module.router)
