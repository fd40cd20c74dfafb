"""Invoices and every other document kind, their positions, descriptions and settlements.

An invoice keeps a snapshot of the seller's and buyer's data as they were when
it was issued: later edits of the client or department never rewrite it. The
amounts are computed by `invoicing.money` and stored as computed.
"""

import secrets

from django.db import models

from faktura.catalog.models.fields import Timestamped, money_field, percent_field, quantity_field
from faktura.invoicing.series import NumberCounter

__all__ = [
    "Invoice",
    "InvoiceBankAccount",
    "InvoiceDescription",
    "InvoiceParty",
    "InvoicePosition",
    "NumberCounter",
    "SettlementPosition",
]


def new_token() -> str:
    """The secret part of an invoice's public link."""
    return secrets.token_urlsafe(15)


class Invoice(Timestamped):
    class Kind(models.TextChoices):
        VAT = "vat"
        PROFORMA = "proforma"
        BILL = "bill"
        RECEIPT = "receipt"
        ADVANCE = "advance"
        FINAL = "final"
        CORRECTION = "correction"
        INVOICE_OTHER = "invoice_other"
        VAT_MARGIN = "vat_margin"
        KP = "kp"
        KW = "kw"
        ESTIMATE = "estimate"
        VAT_MP = "vat_mp"
        VAT_RR = "vat_rr"
        CORRECTION_NOTE = "correction_note"
        ACCOUNTING_NOTE = "accounting_note"
        CLIENT_ORDER = "client_order"
        DW = "dw"
        WNT = "wnt"
        WDT = "wdt"
        IMPORT_SERVICE = "import_service"
        IMPORT_SERVICE_EU = "import_service_eu"
        IMPORT_PRODUCTS = "import_products"
        EXPORT_PRODUCTS = "export_products"
        # A cancelled document keeps its number; the reference shows kind "canceled".
        CANCELED = "canceled"

    class Status(models.TextChoices):
        ISSUED = "issued"
        SENT = "sent"
        PAID = "paid"
        PARTIAL = "partial"
        REJECTED = "rejected"

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE)
    user = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.VAT)
    income = models.BooleanField(default=True)

    # Numbering: the number as printed, and where it came from in its series.
    number = models.CharField(max_length=100, blank=True)
    series = models.CharField(max_length=100, blank=True)
    pattern = models.CharField(max_length=100, blank=True)
    counter = models.PositiveIntegerField(null=True, blank=True)
    period = models.CharField(max_length=20, blank=True)

    issue_date = models.DateField()
    # `sell_date` may be given as a month ("2026-11"): stored as its first day.
    sell_date = models.DateField(null=True, blank=True)
    sell_date_kind = models.CharField(max_length=10, blank=True)
    transaction_date = models.DateField(null=True, blank=True)
    delivery_date = models.DateField(null=True, blank=True)
    place = models.CharField(max_length=255, blank=True)
    payment_type = models.CharField(max_length=100, blank=True)
    payment_to_kind = models.CharField(max_length=20, blank=True)
    payment_to = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ISSUED)
    paid = money_field(default=0)
    paid_date = models.DateField(null=True, blank=True)
    currency = models.CharField(max_length=3, default="PLN")
    lang = models.CharField(max_length=10, default="pl")
    exchange_currency = models.CharField(max_length=3, blank=True)
    exchange_kind = models.CharField(max_length=10, blank=True)
    exchange_currency_rate = models.DecimalField(
        max_digits=18, decimal_places=6, null=True, blank=True
    )
    exchange_note = models.TextField(blank=True)

    price_net = money_field(default=0)
    price_tax = money_field(default=0)
    price_gross = money_field(default=0)
    calculating_strategy = models.JSONField(default=dict, blank=True)
    show_discount = models.BooleanField(default=False)
    discount_kind = models.CharField(max_length=20, blank=True)

    client = models.ForeignKey(
        "catalog.Client", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    department = models.ForeignKey(
        "catalog.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The recurring invoice that issued this one (faktura.invoicing.recurring).
    recurring = models.ForeignKey(
        "invoicing.Recurring", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    category = models.ForeignKey(
        "catalog.Category", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recipient = models.ForeignKey(
        "catalog.Client", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    warehouse_id = models.PositiveBigIntegerField(null=True, blank=True)
    # The WZ that issued this invoice's goods (see faktura.warehouse.services.invoices).
    warehouse_document_id = models.PositiveBigIntegerField(null=True, blank=True)

    seller_name = models.CharField(max_length=255, blank=True)
    seller_tax_no = models.CharField(max_length=50, blank=True)
    seller_tax_no_kind = models.CharField(max_length=20, blank=True)
    seller_street = models.CharField(max_length=255, blank=True)
    seller_post_code = models.CharField(max_length=20, blank=True)
    seller_city = models.CharField(max_length=100, blank=True)
    seller_country = models.CharField(max_length=100, blank=True)
    seller_email = models.CharField(max_length=255, blank=True)
    seller_phone = models.CharField(max_length=50, blank=True)
    seller_fax = models.CharField(max_length=50, blank=True)
    seller_www = models.CharField(max_length=255, blank=True)
    seller_person = models.CharField(max_length=255, blank=True)
    seller_bank = models.CharField(max_length=255, blank=True)
    seller_bank_account = models.CharField(max_length=100, blank=True)
    seller_bdo_no = models.CharField(max_length=20, blank=True)
    seller_jst = models.BooleanField(default=False)
    seller_gv = models.BooleanField(default=False)

    buyer_name = models.CharField(max_length=255, blank=True)
    buyer_tax_no = models.CharField(max_length=50, blank=True)
    buyer_tax_no_kind = models.CharField(max_length=20, blank=True)
    buyer_street = models.CharField(max_length=255, blank=True)
    buyer_post_code = models.CharField(max_length=20, blank=True)
    buyer_city = models.CharField(max_length=100, blank=True)
    buyer_country = models.CharField(max_length=100, blank=True)
    buyer_email = models.CharField(max_length=255, blank=True)
    buyer_phone = models.CharField(max_length=50, blank=True)
    buyer_mobile_phone = models.CharField(max_length=50, blank=True)
    buyer_fax = models.CharField(max_length=50, blank=True)
    buyer_www = models.CharField(max_length=255, blank=True)
    buyer_note = models.TextField(blank=True)
    buyer_person = models.CharField(max_length=255, blank=True)
    buyer_first_name = models.CharField(max_length=100, blank=True)
    buyer_last_name = models.CharField(max_length=100, blank=True)
    buyer_company = models.BooleanField(default=True)
    buyer_bank = models.CharField(max_length=255, blank=True)
    buyer_bank_account = models.CharField(max_length=100, blank=True)
    buyer_mass_payment_code = models.CharField(max_length=50, blank=True)
    buyer_jst = models.BooleanField(default=False)
    buyer_gv = models.BooleanField(default=False)

    recipient_name = models.CharField(max_length=255, blank=True)
    recipient_street = models.CharField(max_length=255, blank=True)
    recipient_post_code = models.CharField(max_length=20, blank=True)
    recipient_city = models.CharField(max_length=100, blank=True)
    recipient_country = models.CharField(max_length=100, blank=True)
    recipient_email = models.CharField(max_length=255, blank=True)
    recipient_phone = models.CharField(max_length=50, blank=True)
    recipient_note = models.TextField(blank=True)

    use_invoice_issuer = models.BooleanField(default=False)
    invoice_issuer = models.CharField(max_length=255, blank=True)

    oid = models.CharField(max_length=255, blank=True)
    description = models.TextField(blank=True)
    description_footer = models.TextField(blank=True)
    description_long = models.TextField(blank=True)
    internal_note = models.TextField(blank=True)
    additional_info = models.BooleanField(default=False)
    additional_info_desc = models.CharField(max_length=100, blank=True)
    additional_invoice_field = models.CharField(max_length=255, blank=True)

    split_payment = models.BooleanField(default=False)
    reverse_charge = models.BooleanField(default=False)
    use_oss = models.BooleanField(default=False)
    exempt_tax_kind = models.CharField(max_length=255, blank=True)
    np_tax_kind = models.CharField(max_length=30, blank=True)
    procedure_designations = models.JSONField(default=list, blank=True)
    gtu_codes = models.JSONField(default=list, blank=True)
    procedure_vat_margin = models.CharField(max_length=100, blank=True)
    accounting_kind = models.CharField(max_length=30, blank=True)
    accounting_note_kind = models.CharField(max_length=10, blank=True)
    accounting_vat_tax_date = models.DateField(null=True, blank=True)
    accounting_income_tax_date = models.DateField(null=True, blank=True)
    skonto_active = models.BooleanField(default=False)
    skonto_discount_date = models.DateField(null=True, blank=True)
    skonto_discount_value = percent_field(null=True, blank=True)

    # Links between documents: the one this was made from (proforma → vat),
    # and the related one (an advance's order, a correction's corrected invoice).
    from_invoice = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invoice = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A final invoice deducts the advance invoices paid towards its order.
    advances = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="finals")
    correction_reason = models.TextField(blank=True)
    corrected_content_before = models.TextField(blank=True)
    corrected_content_after = models.TextField(blank=True)

    token = models.CharField(max_length=40, unique=True, default=new_token)
    cancelled = models.BooleanField(default=False)
    cancel_reason = models.TextField(blank=True)
    exclude_from_stock_level = models.BooleanField(default=False)
    # Whether the buyer's public page lists the invoice's attachments (the reference's
    # default: hidden).
    show_attachments = models.BooleanField(default=False, blank=True)
    from_api = models.BooleanField(default=False)
    sent_time = models.DateTimeField(null=True, blank=True)
    print_time = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # Sales numbers are unique within their series; expense documents carry
            # the numbers their sellers gave them, which may repeat across sellers.
            models.UniqueConstraint(
                fields=["account", "series", "number"],
                condition=models.Q(income=True) & ~models.Q(number=""),
                name="invoice_number_unique_in_series",
            ),
        ]
        indexes = [
            models.Index(fields=["account", "issue_date", "id"]),
            models.Index(fields=["account", "kind", "issue_date"]),
            models.Index(fields=["account", "oid"]),
            models.Index(fields=["account", "client"]),
        ]

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"


class InvoicePosition(models.Model):
    """A line of an invoice.

    A correction's line (kind `correction`) holds the change; the line as it was
    and as it is after the correction are rows of kind `correction_before` and
    `correction_after` pointing at it through `correction_line`.
    """

    class Kind(models.TextChoices):
        NORMAL = "normal"
        CORRECTION = "correction"
        CORRECTION_BEFORE = "correction_before"
        CORRECTION_AFTER = "correction_after"

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE)
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="positions")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NORMAL)
    correction_line = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="correction_sides"
    )
    order = models.PositiveIntegerField(default=0)
    product = models.ForeignKey(
        "catalog.Product", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=512)
    description = models.TextField(blank=True)
    additional_info = models.CharField(max_length=255, blank=True)
    code = models.CharField(max_length=100, blank=True)
    gtu_code = models.CharField(max_length=10, blank=True)
    quantity = quantity_field(default=1)
    quantity_unit = models.CharField(max_length=20, blank=True)
    tax = models.CharField(max_length=20)
    price_net = money_field(default=0)
    price_gross = money_field(default=0)
    total_price_net = money_field(default=0)
    total_price_tax = money_field(default=0)
    total_price_gross = money_field(default=0)
    discount_percent = percent_field(null=True, blank=True)
    discount = money_field(null=True, blank=True)
    lump_sum_tax = models.CharField(max_length=10, blank=True)
    total_purchase_price = money_field(null=True, blank=True)

    class Meta:
        ordering = ["invoice", "kind", "order", "id"]

    def __str__(self) -> str:
        return self.name


class InvoiceDescription(models.Model):
    """A note printed on the invoice (`descriptions`); `description` mirrors the first."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE)
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="descriptions")
    kind = models.CharField(max_length=30, blank=True)
    content = models.TextField()
    position_index = models.PositiveIntegerField(null=True, blank=True)
    row_number = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["invoice", "row_number", "id"]

    def __str__(self) -> str:
        return self.content[:50]


class SettlementPosition(models.Model):
    """A charge or deduction that changes the amount to pay (`settlement_positions`)."""

    class Kind(models.TextChoices):
        CHARGE = "charge"
        DEDUCTION = "deduction"

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE)
    invoice = models.ForeignKey(
        Invoice, on_delete=models.CASCADE, related_name="settlement_positions"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    amount = money_field()
    reason = models.CharField(max_length=255, blank=True)

    def __str__(self) -> str:
        return f"{self.kind} {self.amount}"


class InvoiceBankAccount(models.Model):
    """A bank account printed on an invoice, with its data as it was when issued."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE)
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="bank_accounts")
    bank_account = models.ForeignKey(
        "catalog.BankAccount", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    order = models.PositiveIntegerField(default=0)
    name = models.CharField(max_length=255, null=True, blank=True)  # noqa: DJ001 - API null
    bank_name = models.CharField(max_length=256, null=True, blank=True)  # noqa: DJ001
    bank_account_number = models.CharField(max_length=100)
    bank_currency = models.CharField(max_length=3, default="PLN")
    bank_swift = models.CharField(max_length=20, null=True, blank=True)  # noqa: DJ001
    account_description = models.CharField(max_length=256, null=True, blank=True)  # noqa: DJ001
    own_bank_account = models.BooleanField(default=False)
    own_bank_account_type = models.CharField(max_length=20, null=True, blank=True)  # noqa: DJ001
    factor_bank_account = models.BooleanField(default=False)

    class Meta:
        ordering = ["invoice", "order", "id"]

    def __str__(self) -> str:
        return self.bank_account_number


class InvoiceParty(models.Model):
    """A further recipient or issuer of an invoice (`recipients`, `issuers`; KSeF's Podmiot3)."""

    class Side(models.TextChoices):
        RECIPIENT = "recipient"
        ISSUER = "issuer"

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE)
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="parties")
    side = models.CharField(max_length=10, choices=Side.choices)
    order = models.PositiveIntegerField(default=0)
    name = models.CharField(max_length=255, blank=True)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    tax_no = models.CharField(max_length=50, blank=True)
    company = models.BooleanField(default=True)
    country = models.CharField(max_length=100, blank=True)
    city = models.CharField(max_length=100, blank=True)
    post_code = models.CharField(max_length=20, blank=True)
    street = models.CharField(max_length=255, blank=True)
    phone = models.CharField(max_length=50, blank=True)
    email = models.CharField(max_length=255, blank=True)
    note = models.TextField(blank=True)
    role = models.CharField(max_length=50, blank=True)
    participation = percent_field(null=True, blank=True)
    role_description = models.CharField(max_length=25, blank=True)

    class Meta:
        ordering = ["invoice", "side", "order", "id"]

    def __str__(self) -> str:
        return self.name or f"{self.first_name} {self.last_name}".strip()


# Recurring invoices live in their own folder; importing them here registers their models.
from faktura.invoicing.recurring.models import Recurring, RecurringPeriod  # noqa: E402, F401
