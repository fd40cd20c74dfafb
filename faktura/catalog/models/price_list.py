from django.db import models

from faktura.catalog.models.fields import Timestamped, money_field, percent_field


class PriceList(Timestamped):
    """Prices for some products that differ from their own ("Cenniki")."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE)
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    currency = models.CharField(max_length=3, default="PLN")

    def __str__(self) -> str:
        return self.name


class PriceListPosition(Timestamped):
    """A product's price in a price list: own net/gross/tax, or a percentage of its price."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE)
    price_list = models.ForeignKey(PriceList, on_delete=models.CASCADE, related_name="positions")
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE)
    use_percentage = models.BooleanField(default=False)
    # Added to the product's price: -10 is ten percent off.
    percentage = percent_field(null=True, blank=True)
    price_net = money_field(null=True, blank=True)
    price_gross = money_field(null=True, blank=True)
    use_tax = models.BooleanField(default=False)
    tax = models.CharField(max_length=20, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["price_list", "product"], name="price_list_position_unique"
            ),
        ]
