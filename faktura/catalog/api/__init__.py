"""The catalog's API: one router per resource."""

from ninja import Router

from faktura.catalog.api import (
    bank_accounts,
    categories,
    clients,
    departments,
    issuers,
    price_lists,
    products,
)

router = Router()
for module in (departments, clients, products, categories, price_lists, issuers, bank_accounts):
    router.add_router("", module.router)
