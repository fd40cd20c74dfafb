from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    """Banking payments and how they settle invoices."""

    name = "faktura.payments"
    label = "payments"
