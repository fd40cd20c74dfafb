from django.db import models

from faktura.catalog.models.fields import Timestamped


class BankAccount(Timestamped):
    """A seller's bank account printed on invoices (API_RACHUNKI_BANKOWE.md).

    Accounts are deduplicated by their normalized number: asking for an
    existing number reuses the row.
    """

    class OwnType(models.TextChoices):
        DEBT_ASSIGNMENT = "debt_assignment"
        DEBT_COLLECTION = "debt_collection"
        BANK_OWN_BUSINESS = "bank_own_business"

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE)
    name = models.CharField(max_length=255, null=True, blank=True)  # noqa: DJ001 - API null
    bank_name = models.CharField(max_length=256, null=True, blank=True)  # noqa: DJ001
    bank_account_number = models.CharField(max_length=100)
    # Spaces and hyphens removed, country prefix added: the deduplication key.
    number_normalized = models.CharField(max_length=64)
    bank_currency = models.CharField(max_length=3, default="PLN")
    bank_swift = models.CharField(max_length=20, null=True, blank=True)  # noqa: DJ001
    account_description = models.CharField(max_length=256, null=True, blank=True)  # noqa: DJ001
    own_bank_account = models.BooleanField(default=False)
    own_bank_account_type = models.CharField(  # noqa: DJ001
        max_length=20, choices=OwnType.choices, null=True, blank=True
    )
    factor_bank_account = models.BooleanField(default=False)
    use_mass_payment = models.BooleanField(default=False)
    departments = models.ManyToManyField(
        "catalog.Department", through="BankAccountDepartment", related_name="bank_accounts"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["account", "number_normalized"], name="bank_account_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.bank_account_number


class BankAccountDepartment(models.Model):
    """A bank account's place in a department: shown on its invoices, and/or its main one."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE)
    bank_account = models.ForeignKey(
        BankAccount, on_delete=models.CASCADE, related_name="department_links"
    )
    department = models.ForeignKey("catalog.Department", on_delete=models.CASCADE)
    show_on_invoice = models.BooleanField(default=True)
    main_on_department = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["bank_account", "department"], name="bank_account_department_unique"
            ),
            models.UniqueConstraint(
                fields=["department"],
                condition=models.Q(main_on_department=True),
                name="bank_account_one_main_per_department",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bank_account_id} in {self.department_id}"
