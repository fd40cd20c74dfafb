"""Prices a price list gives: prices_for_products over HTTP, price_for_product for invoices."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from faktura.catalog.models import Category, PriceListPosition, Product
from faktura.catalog.selectors.price_lists import (
    PriceQuote,
    position_quote,
    price_for_product,
)
from faktura.catalog.tests.factories_price_lists import english, price_list, product
from faktura.invoicing.money import GROSZ, net_from_gross, parse_tax, round_money


@pytest.fixture
def kawa(owner):
    return product(owner, "Kawa", price_gross="123.00", price_net="100.00", tax="23")


@pytest.fixture
def herbata(owner):
    return product(owner, "Herbata", price_gross="10.80", price_net="10.00", tax="8")


def _prices(client, owner, price_list_id: int, query: str):
    return client.get(
        f"/price_lists/{price_list_id}/prices_for_products.json?api_token={owner.api_token}&{query}"
    )


class TestPricesForProducts:
    pytestmark = pytest.mark.django_db

    def test_answers_an_object_keyed_by_product_id_with_list_or_own_prices(
        self, client, owner, other_owner, kawa, herbata
    ):
        napoje = Category.objects.create(account=owner.account, name="Napoje")
        sok = product(owner, "Sok", price_gross="6.15", price_net="5.00", category=napoje)
        theirs = product(other_owner, "Cudzy")
        hurt = price_list(
            owner,
            currency="EUR",
            positions=[
                {"priceable_id": kawa.pk, "price_gross": "27.60"},
                {"priceable_id": sok.pk, "use_percentage": True, "percentage": "-10"},
            ],
        )
        query = "&".join(
            f"product_ids[]={pid}" for pid in (kawa.pk, herbata.pk, sok.pk, theirs.pk, 987654)
        )
        response = _prices(client, owner, hurt.pk, query)
        assert response.status_code == 200, response.content
        assert response.json() == {
            str(kawa.pk): {
                "price_net": "22.44",
                "price_gross": "27.60",
                "tax": "23",
                "currency": "EUR",
                "category_id": None,
            },
            str(herbata.pk): {
                "price_net": "10.00",
                "price_gross": "10.80",
                "tax": "8",
                "currency": "PLN",
                "category_id": None,
            },
            str(sok.pk): {
                "price_net": "4.50",
                "price_gross": "5.54",
                "tax": "23",
                "currency": "PLN",
                "category_id": napoje.pk,
            },
        }

    def test_a_comma_separated_list_and_repeated_ids_are_read_once(
        self, client, owner, kawa, herbata
    ):
        hurt = price_list(owner)
        response = _prices(client, owner, hurt.pk, f"product_ids={herbata.pk},{kawa.pk},{kawa.pk}")
        assert list(response.json()) == [str(herbata.pk), str(kawa.pk)]

    def test_without_product_ids_the_answer_is_empty(self, client, owner, kawa):
        hurt = price_list(owner, positions=[{"priceable_id": kawa.pk, "price_gross": "1"}])
        response = _prices(client, owner, hurt.pk, "")
        assert response.status_code == 200
        assert response.json() == {}

    @pytest.mark.parametrize("raw", ["abc", "1.5", "-3", "", "²"])
    def test_ids_that_are_not_whole_numbers_answer_400(self, client, owner, kawa, raw):
        english(owner)
        hurt = price_list(owner)
        response = _prices(client, owner, hurt.pk, f"product_ids[]={kawa.pk}&product_ids[]={raw}")
        assert response.status_code == 400
        assert response.json()["message"] == (
            f"Invalid parameter product_ids: must be product ids (whole numbers), got {raw!r}"
        )

    def test_too_many_ids_answer_400(self, client, owner):
        hurt = price_list(owner)
        query = "product_ids=" + ",".join(str(n) for n in range(1, 1002))
        response = _prices(client, owner, hurt.pk, query)
        assert response.status_code == 400
        assert response.json()["message"] == (
            "Invalid parameter product_ids: at most 1000 ids in one call"
        )

    def test_an_id_too_large_for_the_database_is_left_out(self, client, owner, kawa):
        hurt = price_list(owner)
        response = _prices(client, owner, hurt.pk, f"product_ids={2**64},{kawa.pk}")
        assert list(response.json()) == [str(kawa.pk)]

    def test_answers_xml_too(self, client, owner, kawa):
        hurt = price_list(owner, positions=[{"priceable_id": kawa.pk, "price_gross": "12.30"}])
        response = client.get(
            f"/price_lists/{hurt.pk}/prices_for_products.xml"
            f"?api_token={owner.api_token}&product_ids[]={kawa.pk}"
        )
        assert response.status_code == 200
        text = response.content.decode()
        assert f"<_{kawa.pk}>" in text
        assert "<price_gross>12.30</price_gross>" in text


class TestPriceForProduct:
    pytestmark = pytest.mark.django_db

    def test_the_lists_price_when_it_has_a_position_for_the_product(self, owner, kawa):
        hurt = price_list(
            owner,
            currency="EUR",
            positions=[{"priceable_id": kawa.pk, "use_tax": 1, "tax": "8", "price_net": "50"}],
        )
        assert price_for_product(product=kawa, price_list=hurt) == PriceQuote(
            net=Decimal("50.00"), gross=Decimal("54.00"), tax="8", currency="EUR"
        )

    def test_the_products_own_price_when_the_list_has_no_position_for_it(
        self, owner, kawa, herbata
    ):
        hurt = price_list(owner, positions=[{"priceable_id": kawa.pk, "price_gross": "1"}])
        quote = price_for_product(product=herbata, price_list=hurt)
        assert quote == PriceQuote(
            net=Decimal("10.00"), gross=Decimal("10.80"), tax="8", currency="PLN"
        )
        assert quote.tax_amount == Decimal("0.80")

    def test_the_products_own_price_without_a_list(self, kawa):
        assert price_for_product(product=kawa, price_list=None) == PriceQuote(
            net=Decimal("100.00"), gross=Decimal("123.00"), tax="23", currency="PLN"
        )

    def test_a_percentage_position_prices_from_the_products_gross_in_its_currency(
        self, owner, kawa
    ):
        hurt = price_list(
            owner,
            currency="EUR",
            positions=[{"priceable_id": kawa.pk, "use_percentage": 1, "percentage": "-33.3333"}],
        )
        assert price_for_product(product=kawa, price_list=hurt) == PriceQuote(
            net=Decimal("66.67"), gross=Decimal("82.00"), tax="23", currency="PLN"
        )

    def test_a_price_list_of_another_account_is_a_programming_error(self, owner, other_owner, kawa):
        theirs = price_list(other_owner)
        with pytest.raises(ValueError, match="different accounts"):
            price_for_product(product=kawa, price_list=theirs)


RATES = st.sampled_from(["23", "8", "5", "0", "zw", "np", "disabled", "8.5", "99.99"])
AMOUNTS = st.decimals(min_value=0, max_value=Decimal("99999999.99"), places=2)
PERCENTAGES = st.decimals(min_value=-100, max_value=Decimal("999.9999"), places=4)


@given(gross=AMOUNTS, product_tax=RATES, percentage=PERCENTAGES, own_tax=st.none() | RATES)
def test_percentage_prices_follow_money_rounding(gross, product_tax, percentage, own_tax):
    item = Product(name="P", price_gross=gross, price_net=gross, tax=product_tax, currency="PLN")
    position = PriceListPosition(
        product=item,
        use_percentage=True,
        percentage=percentage,
        use_tax=own_tax is not None,
        tax=own_tax or "",
    )
    quote = position_quote(position, product=item, currency="EUR")
    tax = parse_tax(own_tax or product_tax)
    expected_gross = round_money(gross * (100 + percentage) / 100)
    assert quote.gross == expected_gross
    assert quote.net == net_from_gross(expected_gross, tax)
    assert quote.net + quote.tax_amount == quote.gross
    assert quote.net.as_tuple().exponent == quote.gross.as_tuple().exponent == -2
    assert quote.net == quote.net.quantize(GROSZ)
    assert Decimal(0) <= quote.net <= quote.gross
    assert (quote.tax, quote.currency) == (tax.code, "PLN")
    # Half up: the exact gross is never more than half a grosz away.
    assert abs(quote.gross - gross * (100 + percentage) / 100) <= Decimal("0.005")


@given(gross=AMOUNTS, rate=RATES)
def test_a_fixed_gross_keeps_its_value_and_derives_the_net(gross, rate):
    item = Product(name="P", price_gross=Decimal(1), price_net=Decimal(1), tax="23")
    position = PriceListPosition(
        product=item, price_gross=gross, use_tax=True, tax=parse_tax(rate).code
    )
    quote = position_quote(position, product=item, currency="EUR")
    assert quote.gross == gross
    assert quote.net == net_from_gross(gross, parse_tax(rate))
    assert quote.net + quote.tax_amount == quote.gross
    assert quote.currency == "EUR"
