from django.db import models

from faktura.catalog.models.fields import Timestamped, money_field, quantity_field


class Product(Timestamped):
    """Something the account sells or buys ("Produkty").

    Prices are kept net and gross with the tax they were computed with; the
    net price follows from gross and tax (see `invoicing.money`).
    """

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE)
    name = models.CharField(max_length=255)
    code = models.CharField(max_length=100, blank=True)
    ean_code = models.CharField(max_length=50, blank=True)
    description = models.TextField(blank=True)
    price_net = money_field(default=0)
    price_gross = money_field(default=0)
    price_tax = money_field(default=0)
    # A rate ("23", "8", "0") or "zw", "np", "disabled"; see invoicing.money.parse_tax.
    tax = models.CharField(max_length=20, default="23")
    currency = models.CharField(max_length=3, default="PLN")
    category = models.ForeignKey(
        "catalog.Category", null=True, blank=True, on_delete=models.SET_NULL
    )
    department = models.ForeignKey(
        "catalog.Department", null=True, blank=True, on_delete=models.SET_NULL
    )
    tags = models.JSONField(default=list, blank=True)
    service = models.BooleanField(default=False)
    electronic_service = models.BooleanField(default=False)
    gtu_codes = models.JSONField(default=list, blank=True)
    limited = models.BooleanField(default=False)
    # The stored level; per-warehouse stock arrives with the warehouse module.
    stock_level = quantity_field(default=0)
    purchase_price_net = money_field(null=True, blank=True)
    purchase_price_gross = money_field(null=True, blank=True)
    purchase_price_tax = money_field(null=True, blank=True)
    purchase_tax = models.CharField(max_length=20, blank=True)
    package = models.BooleanField(default=False)
    quantity_unit = models.CharField(max_length=20, default="szt")
    quantity = quantity_field(default=1)
    additional_info = models.CharField(max_length=255, blank=True)
    supplier_code = models.CharField(max_length=100, blank=True)
    accounting_id = models.CharField(max_length=100, blank=True)
    disabled = models.BooleanField(default=False)
    use_moss = models.BooleanField(default=False)
    use_product_warehouses = models.BooleanField(default=False)
    size = models.CharField(max_length=50, blank=True)
    size_width = quantity_field(null=True, blank=True)
    size_height = quantity_field(null=True, blank=True)
    size_unit = models.CharField(max_length=10, blank=True)
    weight = quantity_field(null=True, blank=True)
    weight_unit = models.CharField(max_length=10, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["account", "name"]),
            models.Index(fields=["account", "code"]),
        ]

    def __str__(self) -> str:
        return self.name


class PackageItem(models.Model):
    """One part of a package product (`package_products_details`): a product and how many."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE)
    package = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="package_items")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="in_packages")
    quantity = quantity_field(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["package", "product"], name="package_item_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.product_id}"
