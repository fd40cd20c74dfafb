"""The warehouse module's API: one router per resource."""

from ninja import Router

from faktura.warehouse.api import actions, documents, warehouses

router = Router()
for module in (warehouses, documents, actions):
    router.add_router("", module.router)
