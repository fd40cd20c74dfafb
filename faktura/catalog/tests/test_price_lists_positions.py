"""Positions of a price list: Rails nested attributes, their checks, and their prices."""

from decimal import Decimal

import pytest

from faktura.catalog.models import PriceList, PriceListPosition
from faktura.catalog.services.price_lists import price_list_create
from faktura.catalog.tests.factories_price_lists import (
    english,
    post,
    price_list,
    product,
    put,
    show,
)
from faktura.errors import Invalid

pytestmark = pytest.mark.django_db

ATTRS = "price_list_positions_attributes"


@pytest.fixture(autouse=True)
def _english_messages(owner):
    english(owner)


@pytest.fixture
def kawa(owner):
    return product(owner, "Kawa", price_gross="123.00", price_net="100.00", tax="23")


@pytest.fixture
def herbata(owner):
    return product(owner, "Herbata", price_gross="10.80", price_net="10.00", tax="8")


def _prices(body: dict) -> list[tuple]:
    return [
        (p["priceable_name"], p["price_net"], p["price_gross"], p["tax"])
        for p in body["price_list_positions"]
    ]


def _state(price_list: PriceList) -> list[tuple]:
    """What the database holds for the list's positions."""
    return list(
        price_list.positions.order_by("id").values_list(
            "id", "product_id", "price_net", "price_gross", "use_percentage", "percentage"
        )
    )


def test_hash_and_list_forms_of_nested_attributes_give_the_same_positions(
    client, owner, kawa, herbata
):
    entries = [
        {"priceable_id": kawa.pk, "price_gross": "24.60"},
        {"priceable_id": herbata.pk, "price_gross": "5.40"},
    ]
    as_hash = post(client, owner, {"name": "Hash", ATTRS: {"1": entries[1], "0": entries[0]}})
    as_list = post(client, owner, {"name": "List", ATTRS: entries})
    assert as_hash.status_code == as_list.status_code == 201
    expected = [("Kawa", "20.00", "24.60", ""), ("Herbata", "5.00", "5.40", "")]
    assert _prices(as_hash.json()) == _prices(as_list.json()) == expected


def test_an_entry_with_an_id_changes_that_position_and_leaves_the_others(
    client, owner, kawa, herbata
):
    hurt = price_list(
        owner,
        positions=[
            {"priceable_id": kawa.pk, "price_gross": "24.60"},
            {"priceable_id": herbata.pk, "price_gross": "5.40"},
        ],
    )
    first, second = hurt.positions.order_by("id")
    response = put(client, owner, hurt.pk, {ATTRS: {"0": {"id": first.pk, "price_gross": "36.90"}}})
    assert response.status_code == 200, response.content
    assert [p["id"] for p in response.json()["price_list_positions"]] == [first.pk, second.pk]
    assert _prices(response.json()) == [
        ("Kawa", "30.00", "36.90", ""),
        ("Herbata", "5.00", "5.40", ""),
    ]


def test_an_entry_without_an_id_adds_a_position(client, owner, kawa, herbata):
    hurt = price_list(owner, positions=[{"priceable_id": kawa.pk, "price_gross": "24.60"}])
    response = put(client, owner, hurt.pk, {ATTRS: [{"priceable_id": herbata.pk, "price_net": 5}]})
    assert response.status_code == 200, response.content
    assert _prices(response.json()) == [
        ("Kawa", "20.00", "24.60", ""),
        ("Herbata", "5.00", "5.40", ""),
    ]


def test_an_update_without_positions_keeps_them(client, owner, kawa):
    hurt = price_list(owner, positions=[{"priceable_id": kawa.pk, "price_gross": "24.60"}])
    before = _state(hurt)
    assert put(client, owner, hurt.pk, {"description": "Nowy opis"}).status_code == 200
    assert _state(hurt) == before


@pytest.mark.parametrize("flag", ["1", 1, True, "true", "yes"])
def test_destroy_with_an_id_deletes_the_position(client, owner, kawa, herbata, flag):
    hurt = price_list(
        owner,
        positions=[
            {"priceable_id": kawa.pk, "price_gross": "24.60"},
            {"priceable_id": herbata.pk, "price_gross": "5.40"},
        ],
    )
    first = hurt.positions.get(product=kawa)
    response = put(client, owner, hurt.pk, {ATTRS: {"0": {"id": first.pk, "_destroy": flag}}})
    assert response.status_code == 200, response.content
    assert [p["priceable_name"] for p in response.json()["price_list_positions"]] == ["Herbata"]
    assert not PriceListPosition.objects.filter(pk=first.pk).exists()


@pytest.mark.parametrize("flag", ["0", 0, False, "false", ""])
def test_a_false_destroy_flag_keeps_the_position(client, owner, kawa, flag):
    hurt = price_list(owner, positions=[{"priceable_id": kawa.pk, "price_gross": "24.60"}])
    position = hurt.positions.get()
    response = put(
        client,
        owner,
        hurt.pk,
        {ATTRS: [{"id": position.pk, "_destroy": flag, "price_gross": "12.30"}]},
    )
    assert response.status_code == 200, response.content
    assert _prices(response.json()) == [("Kawa", "10.00", "12.30", "")]


def test_destroy_without_an_id_is_skipped(client, owner, kawa):
    response = post(
        client,
        owner,
        {"name": "Hurt", ATTRS: [{"priceable_id": kawa.pk, "price_gross": "1", "_destroy": "1"}]},
    )
    assert response.status_code == 201, response.content
    assert response.json()["price_list_positions"] == []


def test_the_product_of_a_destroyed_position_can_be_priced_again_in_the_same_request(
    client, owner, kawa
):
    hurt = price_list(owner, positions=[{"priceable_id": kawa.pk, "price_gross": "24.60"}])
    old = hurt.positions.get()
    response = put(
        client,
        owner,
        hurt.pk,
        {ATTRS: [{"id": old.pk, "_destroy": 1}, {"priceable_id": kawa.pk, "price_gross": "1.23"}]},
    )
    assert response.status_code == 200, response.content
    assert _prices(response.json()) == [("Kawa", "1.00", "1.23", "")]
    assert response.json()["price_list_positions"][0]["id"] != old.pk


def test_a_product_given_up_by_one_position_can_be_taken_by_a_new_one(client, owner, kawa, herbata):
    hurt = price_list(owner, positions=[{"priceable_id": kawa.pk, "price_gross": "24.60"}])
    old = hurt.positions.get()
    response = put(
        client,
        owner,
        hurt.pk,
        {
            ATTRS: [
                {"priceable_id": kawa.pk, "price_gross": "1.23"},
                {"id": old.pk, "priceable_id": herbata.pk},
            ]
        },
    )
    assert response.status_code == 200, response.content
    assert _prices(response.json()) == [
        ("Herbata", "22.78", "24.60", ""),
        ("Kawa", "1.00", "1.23", ""),
    ]


def test_positions_trading_products_in_one_request_are_refused_and_nothing_changes(
    client, owner, kawa, herbata
):
    hurt = price_list(
        owner,
        positions=[
            {"priceable_id": kawa.pk, "price_gross": "24.60"},
            {"priceable_id": herbata.pk, "price_gross": "5.40"},
        ],
    )
    first, second = hurt.positions.order_by("id")
    before = _state(hurt)
    response = put(
        client,
        owner,
        hurt.pk,
        {
            "name": "Zmieniony",
            ATTRS: [
                {"id": first.pk, "priceable_id": herbata.pk},
                {"id": second.pk, "priceable_id": kawa.pk},
            ],
        },
    )
    assert response.status_code == 422
    assert response.json()["message"] == {
        ATTRS: ["positions cannot trade products in one request: change them one at a time"]
    }
    assert _state(hurt) == before
    hurt.refresh_from_db()
    assert hurt.name == "Hurt"


def test_an_id_of_another_price_lists_position_is_refused(client, owner, kawa):
    hurt = price_list(owner, "Hurt", positions=[{"priceable_id": kawa.pk, "price_gross": "5"}])
    detal = price_list(owner, "Detal", positions=[{"priceable_id": kawa.pk, "price_gross": "9"}])
    theirs = detal.positions.get()
    before = _state(detal)
    response = put(client, owner, hurt.pk, {ATTRS: [{"id": theirs.pk, "price_gross": "1"}]})
    assert response.status_code == 422
    assert response.json()["message"] == {f"{ATTRS}.0.id": ["is not a position of this price list"]}
    assert _state(detal) == before


def test_an_id_of_another_accounts_position_is_refused_and_left_alone(
    client, owner, other_owner, kawa
):
    hurt = price_list(owner)
    their_product = product(other_owner, "Cudza")
    theirs = price_list(
        other_owner, positions=[{"priceable_id": their_product.pk, "price_gross": "9"}]
    )
    position = theirs.positions.get()
    before = _state(theirs)
    response = put(client, owner, hurt.pk, {ATTRS: [{"id": position.pk, "_destroy": "1"}]})
    assert response.status_code == 422
    assert list(response.json()["message"]) == [f"{ATTRS}.0.id"]
    assert _state(theirs) == before


def test_the_same_position_twice_in_one_request_is_refused(client, owner, kawa):
    hurt = price_list(owner, positions=[{"priceable_id": kawa.pk, "price_gross": "5"}])
    position = hurt.positions.get()
    response = put(
        client,
        owner,
        hurt.pk,
        {ATTRS: [{"id": position.pk, "price_gross": "1"}, {"id": position.pk, "_destroy": 1}]},
    )
    assert response.status_code == 422
    assert response.json()["message"] == {f"{ATTRS}.1.id": ["is given more than once"]}


def test_on_create_an_entry_with_an_id_names_no_position(client, owner, kawa):
    other = price_list(owner, "Inny", positions=[{"priceable_id": kawa.pk, "price_gross": "5"}])
    response = post(client, owner, {"name": "Nowy", ATTRS: [{"id": other.positions.get().pk}]})
    assert response.status_code == 422
    assert list(response.json()["message"]) == [f"{ATTRS}.0.id"]
    assert list(PriceList.objects.values_list("name", flat=True)) == ["Inny"]


def test_another_accounts_product_is_refused_and_never_linked(client, owner, other_owner, kawa):
    theirs = product(other_owner, "Cudza kawa")
    response = post(
        client,
        owner,
        {
            "name": "Hurt",
            ATTRS: [
                {"priceable_id": kawa.pk, "price_gross": "5"},
                {"priceable_id": theirs.pk, "price_gross": "5"},
            ],
        },
    )
    assert response.status_code == 422
    assert response.json()["message"] == {
        f"{ATTRS}.1.priceable_id": ["is not a product of this account"]
    }
    assert not PriceList.objects.exists()
    assert not PriceListPosition.objects.exists()


@pytest.mark.parametrize("priceable_id", [987654, 2**63, "0"])
def test_an_unknown_product_is_refused(client, owner, priceable_id):
    response = post(
        client, owner, {"name": "Hurt", ATTRS: [{"priceable_id": priceable_id, "price_gross": 1}]}
    )
    assert response.status_code == 422
    assert response.json()["message"] == {
        f"{ATTRS}.0.priceable_id": ["is not a product of this account"]
    }


def test_a_new_position_needs_a_product(client, owner):
    response = post(client, owner, {"name": "Hurt", ATTRS: [{"price_gross": "1"}]})
    assert response.status_code == 422
    assert response.json()["message"] == {f"{ATTRS}.0.priceable_id": ["can't be blank"]}


def test_a_product_id_that_is_not_a_number_is_refused_by_the_schema(client, owner):
    response = post(client, owner, {"name": "Hurt", ATTRS: [{"priceable_id": "kawa"}]})
    assert response.status_code == 422
    assert list(response.json()["message"]) == [f"{ATTRS}.0.priceable_id"]


def test_priceable_type_other_than_product_is_refused(client, owner, kawa):
    response = post(
        client,
        owner,
        {"name": "Hurt", ATTRS: [{"priceable_id": kawa.pk, "priceable_type": "Client"}]},
    )
    assert response.status_code == 422
    assert response.json()["message"] == {f"{ATTRS}.0.priceable_type": ["must be Product"]}


def test_priceable_name_in_input_is_ignored(client, owner, kawa):
    response = post(
        client,
        owner,
        {
            "name": "Hurt",
            ATTRS: [{"priceable_id": kawa.pk, "priceable_name": "Inna", "price_gross": "1"}],
        },
    )
    assert response.status_code == 201
    assert response.json()["price_list_positions"][0]["priceable_name"] == "Kawa"
    kawa.refresh_from_db()
    assert kawa.name == "Kawa"


def test_a_second_position_for_the_same_product_in_one_request_is_refused(client, owner, kawa):
    response = post(
        client,
        owner,
        {
            "name": "Hurt",
            ATTRS: {
                "0": {"priceable_id": kawa.pk, "price_gross": "5"},
                "1": {"priceable_id": kawa.pk, "price_gross": "6"},
            },
        },
    )
    assert response.status_code == 422
    assert response.json()["message"] == {
        f"{ATTRS}.1.priceable_id": [
            "has already been taken: the product already has a price in this price list"
        ]
    }
    assert not PriceList.objects.exists()


def test_a_new_position_for_an_already_priced_product_is_refused(client, owner, kawa):
    hurt = price_list(owner, positions=[{"priceable_id": kawa.pk, "price_gross": "5"}])
    before = _state(hurt)
    response = put(client, owner, hurt.pk, {ATTRS: [{"priceable_id": kawa.pk, "price_net": 1}]})
    assert response.status_code == 422
    assert list(response.json()["message"]) == [f"{ATTRS}.0.priceable_id"]
    assert _state(hurt) == before


def test_a_bad_entry_after_a_good_one_writes_nothing(client, owner, kawa, herbata):
    hurt = price_list(owner, positions=[{"priceable_id": kawa.pk, "price_gross": "5"}])
    before = _state(hurt)
    position = hurt.positions.get()
    response = put(
        client,
        owner,
        hurt.pk,
        {
            "name": "Zmieniony",
            ATTRS: [
                {"id": position.pk, "_destroy": "1"},
                {"priceable_id": herbata.pk, "price_gross": "1"},
                {"priceable_id": herbata.pk, "tax": "abc", "use_tax": "1", "price_gross": "1"},
            ],
        },
    )
    assert response.status_code == 422
    assert response.json()["message"] == {
        f"{ATTRS}.2.tax": ["must be a VAT rate (e.g. 23) or one of: zw, np, oo, disabled"]
    }
    assert _state(hurt) == before
    hurt.refresh_from_db()
    assert hurt.name == "Hurt"


def test_positions_that_are_not_a_list_or_an_indexed_hash_are_refused(client, owner):
    response = post(client, owner, {"name": "Hurt", ATTRS: {"a": {"priceable_id": 1}}})
    assert response.status_code == 422
    assert list(response.json()["message"]) == [ATTRS]


class TestPrices:
    def test_a_given_gross_is_kept_and_the_net_derived_with_the_products_tax(
        self, client, owner, kawa
    ):
        response = post(
            client, owner, {"name": "H", ATTRS: [{"priceable_id": kawa.pk, "price_gross": "10"}]}
        )
        assert _prices(response.json()) == [("Kawa", "8.13", "10.00", "")]

    def test_a_net_alone_gives_the_gross(self, client, owner, kawa):
        response = post(
            client, owner, {"name": "H", ATTRS: [{"priceable_id": kawa.pk, "price_net": "8.13"}]}
        )
        assert _prices(response.json()) == [("Kawa", "8.13", "10.00", "")]

    def test_when_net_and_gross_disagree_the_gross_wins(self, client, owner, kawa):
        response = post(
            client,
            owner,
            {
                "name": "H",
                ATTRS: [{"priceable_id": kawa.pk, "price_net": "50", "price_gross": "12.30"}],
            },
        )
        assert _prices(response.json()) == [("Kawa", "10.00", "12.30", "")]
        position = PriceListPosition.objects.get()
        assert (position.price_net, position.price_gross) == (Decimal("10.00"), Decimal("12.30"))

    def test_use_tax_prices_with_the_positions_own_tax(self, client, owner, kawa):
        response = post(
            client,
            owner,
            {
                "name": "H",
                ATTRS: [{"priceable_id": kawa.pk, "use_tax": "1", "tax": 8, "price_net": "10.0"}],
            },
        )
        assert _prices(response.json()) == [("Kawa", "10.00", "10.80", "8")]

    def test_a_tax_without_use_tax_is_kept_but_the_products_tax_prices(self, client, owner, kawa):
        response = post(
            client,
            owner,
            {
                "name": "H",
                ATTRS: [{"priceable_id": kawa.pk, "use_tax": "0", "tax": "8", "price_net": "10"}],
            },
        )
        assert _prices(response.json()) == [("Kawa", "10.00", "12.30", "8")]

    def test_decimal_commas_and_special_taxes_are_accepted(self, client, owner, kawa):
        response = post(
            client,
            owner,
            {
                "name": "H",
                ATTRS: [
                    {"priceable_id": kawa.pk, "use_tax": 1, "tax": "ZW", "price_gross": "10,5"}
                ],
            },
        )
        assert _prices(response.json()) == [("Kawa", "10.50", "10.50", "zw")]

    def test_changing_only_the_tax_keeps_the_gross_and_derives_a_new_net(self, client, owner, kawa):
        hurt = price_list(owner, positions=[{"priceable_id": kawa.pk, "price_gross": "10.80"}])
        position = hurt.positions.get()
        response = put(
            client, owner, hurt.pk, {ATTRS: [{"id": position.pk, "use_tax": 1, "tax": "8"}]}
        )
        assert response.status_code == 200, response.content
        assert _prices(response.json()) == [("Kawa", "10.00", "10.80", "8")]

    def test_a_percentage_changes_the_products_gross_price(self, client, owner, kawa):
        response = post(
            client,
            owner,
            {
                "name": "H",
                ATTRS: [
                    {
                        "priceable_id": kawa.pk,
                        "use_percentage": True,
                        "percentage": "-10",
                        "price_gross": "999",
                    }
                ],
            },
        )
        assert response.status_code == 201, response.content
        position = response.json()["price_list_positions"][0]
        assert (position["use_percentage"], position["percentage"]) == (True, "-10")
        assert (position["price_net"], position["price_gross"]) == ("90.00", "110.70")
        stored = PriceListPosition.objects.get()
        assert (stored.price_net, stored.price_gross) == (None, None)

    def test_a_percentage_follows_later_changes_of_the_products_price(self, client, owner, kawa):
        hurt = price_list(
            owner,
            positions=[{"priceable_id": kawa.pk, "use_percentage": True, "percentage": "12.5"}],
        )
        kawa.price_gross, kawa.price_net = Decimal("24.60"), Decimal("20.00")
        kawa.save()
        body = show(client, owner, hurt.pk)
        position = body["price_list_positions"][0]
        assert (position["percentage"], position["price_net"], position["price_gross"]) == (
            "12.5",
            "22.50",
            "27.68",
        )

    def test_switching_a_percentage_position_to_a_fixed_price_needs_a_price(
        self, client, owner, kawa
    ):
        hurt = price_list(
            owner, positions=[{"priceable_id": kawa.pk, "use_percentage": 1, "percentage": "5"}]
        )
        position = hurt.positions.get()
        refused = put(client, owner, hurt.pk, {ATTRS: [{"id": position.pk, "use_percentage": 0}]})
        assert refused.status_code == 422
        assert refused.json()["message"] == {
            f"{ATTRS}.0.price_gross": ["can't be blank: give price_gross or price_net"]
        }
        accepted = put(
            client,
            owner,
            hurt.pk,
            {ATTRS: [{"id": position.pk, "use_percentage": 0, "price_gross": "50"}]},
        )
        assert _prices(accepted.json()) == [("Kawa", "40.65", "50.00", "")]


class TestPriceErrors:
    @pytest.mark.parametrize(
        ("entry", "field", "reason"),
        [
            ({}, "price_gross", "can't be blank: give price_gross or price_net"),
            ({"price_gross": "-1"}, "price_gross", "must be 0 or more"),
            ({"price_net": "-0.01"}, "price_net", "must be 0 or more"),
            ({"price_gross": "1e16"}, "price_gross", "is too large"),
            ({"price_gross": "1e999999"}, "price_gross", "is too large"),
            ({"price_net": "9999999999999999"}, "price_net", "is too large"),
            ({"use_tax": "1"}, "tax", "can't be blank when use_tax is set"),
            (
                {"use_tax": "1", "tax": "", "price_gross": "1"},
                "tax",
                "can't be blank when use_tax is set",
            ),
            (
                {"use_tax": "1", "tax": "150", "price_gross": "1"},
                "tax",
                "must be a VAT rate (e.g. 23) or one of: zw, np, oo, disabled",
            ),
            (
                {"use_percentage": "1"},
                "percentage",
                "can't be blank when use_percentage is set",
            ),
            (
                {"use_percentage": "1", "percentage": "-100.01"},
                "percentage",
                "must be between -100 and 999.9999",
            ),
            (
                {"use_percentage": "1", "percentage": "1000"},
                "percentage",
                "must be between -100 and 999.9999",
            ),
            (
                {"use_percentage": "1", "percentage": "1.00001"},
                "percentage",
                "must have at most 4 decimal places",
            ),
        ],
    )
    def test_bad_prices_are_refused_naming_the_field(
        self, client, owner, kawa, entry, field, reason
    ):
        response = post(client, owner, {"name": "H", ATTRS: [{"priceable_id": kawa.pk, **entry}]})
        assert response.status_code == 422
        assert response.json()["message"] == {f"{ATTRS}.0.{field}": [reason]}
        assert not PriceList.objects.exists()

    def test_a_gross_computed_from_a_net_must_fit_too(self, client, owner, kawa):
        response = post(
            client,
            owner,
            {"name": "H", ATTRS: [{"priceable_id": kawa.pk, "price_net": "9000000000000000"}]},
        )
        assert response.status_code == 422
        assert response.json()["message"] == {f"{ATTRS}.0.price_net": ["is too large"]}

    def test_a_not_a_number_price_is_refused(self, client, owner, kawa):
        raw = (
            f'{{"api_token": "{owner.api_token}", "price_list": {{"name": "H", '
            f'"{ATTRS}": [{{"priceable_id": {kawa.pk}, "price_gross": NaN}}]}}}}'
        )
        response = client.post("/price_lists.json", data=raw, content_type="application/json")
        assert response.status_code == 422
        assert response.json()["message"] == {
            f"{ATTRS}.0.price_gross": ["Input should be a finite number"]
        }

    def test_the_service_refuses_infinite_amounts_from_other_callers(self, owner, kawa):
        entry = {"priceable_id": kawa.pk, "price_gross": Decimal("Infinity")}
        with pytest.raises(Invalid) as raised:
            price_list_create(account=owner.account, data={"name": "H", ATTRS: [entry]})
        assert raised.value.errors == {f"{ATTRS}.0.price_gross": ["must be a finite number"]}
        assert not PriceList.objects.exists()

    def test_a_price_that_is_not_a_number_is_refused_by_the_schema(self, client, owner, kawa):
        response = post(
            client, owner, {"name": "H", ATTRS: [{"priceable_id": kawa.pk, "price_gross": "abc"}]}
        )
        assert response.status_code == 422
        assert response.json()["message"] == {
            f"{ATTRS}.0.price_gross": ['must be a number, e.g. 10.23 or "10,23"']
        }

    def test_a_negative_percentage_down_to_minus_100_is_accepted(self, client, owner, kawa):
        response = post(
            client,
            owner,
            {
                "name": "H",
                ATTRS: [{"priceable_id": kawa.pk, "use_percentage": "1", "percentage": "-100"}],
            },
        )
        assert response.status_code == 201, response.content
        assert _prices(response.json()) == [("Kawa", "0.00", "0.00", "")]
