from django.apps import AppConfig


class WarehouseConfig(AppConfig):
    """Warehouses, warehouse documents and their actions, and the stock they keep."""

    name = "faktura.warehouse"
    label = "warehouse"
