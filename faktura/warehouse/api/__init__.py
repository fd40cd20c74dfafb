"""The warehouse module's API: one router per resource."""

from ninja import Router

from faktura.warehouse.api import warehouses

router = Router()
for module in (warehouses,):
    router.add_router("", module.router)
