"""The warehouse module's API: one router per resource."""

from ninja import Router

from faktura.warehouse.api import documents, warehouses

router = Router()
for module in (warehouses, documents):
    router.add_router("", module.router)
