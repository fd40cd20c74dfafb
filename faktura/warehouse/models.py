"""Warehouses, warehouse documents, their actions, and stock per product and warehouse.

A warehouse document (PZ, WZ, MM, PW, RW) is a list of actions; each action moves
a quantity of one product in one warehouse (positive: received, negative: issued;
an MM transfer issues from its warehouse and receives in `warehouse2`). `Stock`
holds the resulting quantity per product and warehouse; it is only changed by
`faktura.warehouse.services.stock`, under row locks.
"""

from django.db import models

from faktura.catalog.models.fields import Timestamped, money_field, quantity_field


class Warehouse(Timestamped):
    """A place stock is kept ("Magazyny"); one per account is the default (`main`)."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE)
    name = models.CharField(max_length=255)
    kind = models.CharField(max_length=50, null=True, blank=True)  # noqa: DJ001 - the API shows null
    description = models.TextField(null=True, blank=True)  # noqa: DJ001 - the API shows null
    main = models.BooleanField(default=False)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["account"], condition=models.Q(main=True), name="warehouse_one_main"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Stock(models.Model):
    """How much of a product a warehouse holds."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE)
    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE, related_name="stock")
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="stock")
    quantity = quantity_field(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["warehouse", "product"], name="stock_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id}@{self.warehouse_id}: {self.quantity}"


class WarehouseDocument(Timestamped):
    class Kind(models.TextChoices):
        PZ = "pz"  # przyjęcie zewnętrzne: external receipt
        WZ = "wz"  # wydanie zewnętrzne: external issue
        MM = "mm"  # przesunięcie międzymagazynowe: transfer to warehouse2
        PW = "pw"  # przyjęcie wewnętrzne: internal receipt
        RW = "rw"  # rozchód wewnętrzny: internal issue

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE)
    kind = models.CharField(max_length=2, choices=Kind.choices)
    number = models.CharField(max_length=100, blank=True)
    series = models.CharField(max_length=100, blank=True)
    pattern = models.CharField(max_length=100, blank=True)
    counter = models.PositiveIntegerField(null=True, blank=True)
    period = models.CharField(max_length=20, blank=True)
    issue_date = models.DateField()
    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="+")
    warehouse2 = models.ForeignKey(
        Warehouse, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    client = models.ForeignKey(
        "catalog.Client", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    client_name = models.CharField(max_length=255, blank=True)
    client_tax_no = models.CharField(max_length=50, blank=True)
    client_street = models.CharField(max_length=255, blank=True)
    client_post_code = models.CharField(max_length=20, blank=True)
    client_city = models.CharField(max_length=100, blank=True)
    client_country = models.CharField(max_length=100, blank=True)
    department = models.ForeignKey(
        "catalog.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    department_name = models.CharField(max_length=255, blank=True)
    department_tax_no = models.CharField(max_length=50, blank=True)
    description = models.TextField(blank=True)
    oid = models.CharField(max_length=255, blank=True)
    currency = models.CharField(max_length=3, default="PLN")
    price_net = money_field(default=0)
    price_tax = money_field(default=0)
    price_gross = money_field(default=0)
    purchase_price_net = money_field(default=0)
    purchase_price_tax = money_field(default=0)
    purchase_price_gross = money_field(default=0)
    # Invoices the document belongs to (`invoice_ids`); `source_invoice` issued it.
    invoices = models.ManyToManyField(
        "invoicing.Invoice", blank=True, related_name="warehouse_documents"
    )
    source_invoice = models.ForeignKey(
        "invoicing.Invoice", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_api = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["account", "series", "number"],
                condition=~models.Q(number=""),
                name="warehouse_document_number_unique",
            ),
        ]
        indexes = [models.Index(fields=["account", "issue_date", "id"])]

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"


class WarehouseAction(models.Model):
    """One product's movement in one warehouse, made by a document."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE)
    document = models.ForeignKey(
        WarehouseDocument, on_delete=models.CASCADE, related_name="actions"
    )
    kind = models.CharField(max_length=2, choices=WarehouseDocument.Kind.choices)
    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="+")
    # Positive when the warehouse receives, negative when it issues.
    quantity = quantity_field()
    order = models.PositiveIntegerField(default=0)
    tax = models.CharField(max_length=20, blank=True)
    price_net = money_field(null=True, blank=True)
    price_gross = money_field(null=True, blank=True)
    purchase_tax = models.CharField(max_length=20, blank=True)
    purchase_price_net = money_field(null=True, blank=True)
    purchase_price_gross = money_field(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "order", "id"]
        indexes = [
            models.Index(fields=["account", "warehouse", "product"]),
            models.Index(fields=["account", "product"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.product_id} {self.quantity}"
