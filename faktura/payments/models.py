"""Payments ("Płatności", `/banking/payments.json`) and what each pays of which invoice.

A paid payment settles the invoices it names in the order given (`Allocation`):
the first in full, the next with what is left, and so on. An invoice's `paid`,
`status` and `paid_date` follow from the allocations of paid payments (see
`faktura.payments.services.settle`).
"""

from django.db import models

from faktura.catalog.models.fields import Timestamped, money_field


class Payment(Timestamped):
    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE)
    user = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=255, blank=True)
    price = money_field(default=0)
    currency = models.CharField(max_length=3, default="PLN")
    paid = models.BooleanField(default=False)
    paid_date = models.DateTimeField(null=True, blank=True)
    kind = models.CharField(max_length=30, default="api")
    description = models.TextField(blank=True)
    provider = models.CharField(max_length=100, blank=True)
    provider_title = models.CharField(max_length=255, blank=True)
    provider_status = models.CharField(max_length=100, blank=True)
    client = models.ForeignKey(
        "catalog.Client", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    department = models.ForeignKey(
        "catalog.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    email = models.CharField(max_length=255, blank=True)
    phone = models.CharField(max_length=50, blank=True)
    street = models.CharField(max_length=255, blank=True)
    city = models.CharField(max_length=100, blank=True)
    post_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=100, blank=True)
    oid = models.CharField(max_length=255, blank=True)
    # `generate_invoice`: the VAT invoice made for the payment, from these fields.
    generate_invoice = models.BooleanField(default=False)
    invoice_name = models.CharField(max_length=255, blank=True)
    invoice_tax_no = models.CharField(max_length=50, blank=True)
    invoice_street = models.CharField(max_length=255, blank=True)
    invoice_city = models.CharField(max_length=100, blank=True)
    invoice_post_code = models.CharField(max_length=20, blank=True)
    invoice_country = models.CharField(max_length=100, blank=True)
    product = models.ForeignKey(
        "catalog.Product", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    quantity = models.DecimalField(max_digits=18, decimal_places=4, default=1)
    tax = models.CharField(max_length=20, blank=True)
    external_payment_id = models.CharField(max_length=255, blank=True)
    invoices = models.ManyToManyField(
        "invoicing.Invoice", through="Allocation", related_name="payments"
    )

    class Meta:
        indexes = [models.Index(fields=["account", "created_at", "id"])]

    def __str__(self) -> str:
        return self.name or f"#{self.pk}"


class Allocation(models.Model):
    """What a payment pays of one invoice; `order` is the place the invoice was named at."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE)
    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="allocations")
    invoice = models.ForeignKey(
        "invoicing.Invoice", on_delete=models.CASCADE, related_name="allocations"
    )
    order = models.PositiveIntegerField(default=0)
    amount = money_field(default=0)

    class Meta:
        ordering = ["payment", "order"]
        constraints = [
            models.UniqueConstraint(fields=["payment", "invoice"], name="allocation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.payment_id} → {self.invoice_id}: {self.amount}"
