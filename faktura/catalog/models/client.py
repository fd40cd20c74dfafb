from django.db import models

from faktura.catalog import tax_numbers
from faktura.catalog.models.fields import Timestamped, percent_field


class Client(Timestamped):
    """A buyer (or seller, for expenses) the account deals with ("Klienci").

    Invoices copy the client's data when issued; changing or deleting a client
    never changes its invoices.
    """

    class Kind(models.TextChoices):
        BUYER = "buyer"
        SELLER = "seller"
        BOTH = "both"

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE)
    name = models.CharField(max_length=255)
    shortcut = models.CharField(max_length=255, blank=True)
    tax_no_kind = models.CharField(max_length=20, blank=True)
    tax_no = models.CharField(max_length=50, blank=True)
    # `tax_no` as numbers are compared: no separators, no country prefix (see
    # `tax_numbers.search_key`); kept by `save`, so a lookup is one indexed equality.
    tax_no_key = models.CharField(max_length=50, blank=True, editable=False)
    disable_tax_no_validation = models.BooleanField(default=False)
    register_number = models.CharField(max_length=50, blank=True)
    accounting_id = models.CharField(max_length=100, blank=True)
    post_code = models.CharField(max_length=20, blank=True)
    city = models.CharField(max_length=100, blank=True)
    street = models.CharField(max_length=255, blank=True)
    country = models.CharField(max_length=100, blank=True)
    use_delivery_address = models.BooleanField(default=False)
    delivery_address = models.TextField(blank=True)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    email = models.CharField(max_length=255, blank=True)
    phone = models.CharField(max_length=50, blank=True)
    mobile_phone = models.CharField(max_length=50, blank=True)
    www = models.CharField(max_length=255, blank=True)
    fax = models.CharField(max_length=50, blank=True)
    note = models.TextField(blank=True)
    tags = models.JSONField(default=list, blank=True)
    company = models.BooleanField(default=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.BUYER)
    category = models.ForeignKey(
        "catalog.Category", null=True, blank=True, on_delete=models.SET_NULL
    )
    bank = models.CharField(max_length=255, blank=True)
    bank_account = models.CharField(max_length=100, blank=True)
    discount = percent_field(null=True, blank=True)
    default_tax = models.CharField(max_length=20, blank=True)
    price_list = models.ForeignKey(
        "catalog.PriceList", null=True, blank=True, on_delete=models.SET_NULL
    )
    # A number of days, "off", or a date (YYYY-MM-DD), as the reference allows.
    payment_to_kind = models.CharField(max_length=20, blank=True)
    default_payment_type = models.CharField(max_length=100, blank=True)
    disable_auto_reminders = models.BooleanField(default=False)
    person = models.CharField(max_length=255, blank=True)
    buyer = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    mass_payment_code = models.CharField(max_length=50, blank=True)
    external_id = models.CharField(max_length=255, blank=True)
    tp_client_connection = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["account", "name"]),
            models.Index(fields=["account", "tax_no"]),
            models.Index(fields=["account", "tax_no_key"]),
            models.Index(fields=["account", "external_id"]),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.tax_no_key = tax_numbers.search_key(self.tax_no)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "tax_no" in update_fields:
            kwargs["update_fields"] = {*update_fields, "tax_no_key"}
        super().save(*args, **kwargs)
