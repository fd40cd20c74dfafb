"""Which sales are OSS sales (`identify_oss`): `faktura.invoicing.oss`."""

import pytest

from faktura.invoicing.oss import is_oss_sale, member_state


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("FR", "FR"),
        ("fr", "FR"),
        ("Francja", "FR"),
        ("France", "FR"),
        ("EL", "GR"),
        ("Niemcy", "DE"),
        ("Deutschland", "DE"),
        ("Węgry", "HU"),
        ("US", None),
        ("Norwegia", None),
        ("", None),
        (None, None),
    ],
)
def test_member_states_are_read_as_clients_write_them(text, code):
    assert member_state(text) == code


@pytest.mark.parametrize(
    ("seller", "buyer", "tax_no", "expected"),
    [
        ("PL", "FR", "", True),
        ("", "DE", None, True),  # a blank seller country is Poland
        ("PL", "PL", "", False),
        ("", "Polska", "", False),
        ("PL", "FR", "FR40303265045", False),  # a business accounts for the VAT itself
        ("PL", "CH", "", False),  # outside the EU
        ("US", "FR", "", False),  # a seller outside the EU does not use the Union OSS
        ("DE", "PL", "", True),
    ],
)
def test_oss_sales_go_to_consumers_in_another_member_state(seller, buyer, tax_no, expected):
    assert is_oss_sale(seller_country=seller, buyer_country=buyer, buyer_tax_no=tax_no) is expected
