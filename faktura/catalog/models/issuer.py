from django.db import models

from faktura.catalog.models.fields import Timestamped


class Issuer(Timestamped):
    """Who issues a document on the seller's behalf ("Wystawcy"), printed on invoices."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE)
    name = models.CharField(max_length=255)
    tax_no = models.CharField(max_length=50, blank=True)

    def __str__(self) -> str:
        return self.name
