"""Column types shared by the catalog's models."""

from django.db import models


def money_field(**kwargs) -> models.DecimalField:
    """An amount of money: exact, two decimals (grosz)."""
    return models.DecimalField(max_digits=18, decimal_places=2, **kwargs)


def quantity_field(**kwargs) -> models.DecimalField:
    """A quantity: exact, up to four decimals (kg, m, hours)."""
    return models.DecimalField(max_digits=18, decimal_places=4, **kwargs)


def percent_field(**kwargs) -> models.DecimalField:
    return models.DecimalField(max_digits=7, decimal_places=4, **kwargs)


class Timestamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        abstract = True
