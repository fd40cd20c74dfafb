from django.db import models

from faktura.catalog.models.fields import Timestamped


class Category(Timestamped):
    """A label grouping clients, products and documents ("Kategorie")."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE)
    name = models.CharField(max_length=255)
    description = models.TextField(null=True, blank=True)  # noqa: DJ001 - the API shows null

    def __str__(self) -> str:
        return self.name
