from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "faktura.delivery"
    label = "delivery"
