from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "faktura.catalog"
    label = "catalog"
