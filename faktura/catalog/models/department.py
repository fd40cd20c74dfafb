"""The data invoices draw from. Departments come first: they hold the company's own data."""

from django.db import models


class Department(models.Model):
    """A seller identity of the account (company data printed on invoices).

    The account's company data is its main department, created with the
    account from the `company` parameters.
    """

    account = models.ForeignKey(
        "accounts.Account", on_delete=models.CASCADE, related_name="departments"
    )
    name = models.CharField(max_length=255)
    shortcut = models.CharField(max_length=100, blank=True)
    main = models.BooleanField(default=False)
    tax_no_kind = models.CharField(max_length=20, blank=True)
    tax_no = models.CharField(max_length=50, blank=True)
    street = models.CharField(max_length=255, blank=True)
    post_code = models.CharField(max_length=20, blank=True)
    city = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=100, blank=True)
    person = models.CharField(max_length=255, blank=True)
    email = models.CharField(max_length=255, blank=True)
    phone = models.CharField(max_length=50, blank=True)
    mobile_phone = models.CharField(max_length=50, blank=True)
    www = models.CharField(max_length=255, blank=True)
    fax = models.CharField(max_length=50, blank=True)
    bank = models.CharField(max_length=255, blank=True)
    bank_account = models.CharField(max_length=100, blank=True)
    bank_swift = models.CharField(max_length=20, blank=True)
    # Printed on the department's documents; checked and stored by services.departments.
    logo = models.FileField(upload_to="logos/", blank=True)
    invoice_lang = models.CharField(max_length=10, blank=True)
    invoice_description = models.TextField(blank=True)
    footer_content = models.TextField(blank=True)
    use_mass_payment = models.BooleanField(default=False)
    mass_payment_pattern = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            # At most one main department per account.
            models.UniqueConstraint(
                fields=["account"], condition=models.Q(main=True), name="department_one_main"
            ),
        ]

    def __str__(self) -> str:
        return self.name
