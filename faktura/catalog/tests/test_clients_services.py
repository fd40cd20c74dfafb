"""Client services: shortcuts, names of private persons, deletion, find-or-create."""

import pytest

from faktura.catalog.models import Client
from faktura.catalog.services.clients import (
    client_delete,
    client_find_or_create,
    client_update,
)
from faktura.catalog.tests.factories_clients import make_client
from faktura.errors import Invalid

pytestmark = pytest.mark.django_db


def test_shortcut_defaults_to_the_name(owner):
    assert make_client(owner, "Klient1").shortcut == "Klient1"


def test_a_taken_shortcut_gets_the_first_free_number_suffix(owner):
    shortcuts = [make_client(owner, "Client1").shortcut for _ in range(4)]
    assert shortcuts == ["Client1", "Client1 (1)", "Client1 (2)", "Client1 (3)"]


def test_a_freed_suffix_is_taken_again(owner):
    make_client(owner, "Client1")
    second = make_client(owner, "Client1")
    make_client(owner, "Client1")
    second.delete()
    assert make_client(owner, "Client1").shortcut == "Client1 (1)"


def test_shortcuts_of_other_accounts_do_not_count(owner, other_owner):
    make_client(other_owner, "Client1")
    assert make_client(owner, "Client1").shortcut == "Client1"


def test_an_explicit_shortcut_is_kept_even_when_taken(owner):
    make_client(owner, "A", shortcut="AB")
    assert make_client(owner, "B", shortcut="AB").shortcut == "AB"


def test_a_suffixed_shortcut_of_a_long_name_fits_its_column(owner):
    name = "N" * 255
    make_client(owner, name)
    shortcut = make_client(owner, name).shortcut
    assert shortcut == "N" * 251 + " (1)"


def test_an_emptied_shortcut_is_made_again_from_the_name(owner):
    made = make_client(owner, "Stara nazwa")
    make_client(owner, "Nowa nazwa")
    updated = client_update(
        account=owner.account, id=made.pk, data={"name": "Nowa nazwa", "shortcut": None}
    )
    assert updated.shortcut == "Nowa nazwa (1)"


def test_renaming_keeps_the_shortcut(owner):
    made = make_client(owner, "Stara nazwa")
    updated = client_update(account=owner.account, id=made.pk, data={"name": "Nowa"})
    assert updated.shortcut == "Stara nazwa"


def test_a_persons_derived_name_follows_the_first_and_last_name(owner):
    made = make_client(owner, None, company=False, first_name="Jan", last_name="Kowalski")
    updated = client_update(account=owner.account, id=made.pk, data={"last_name": "Nowak"})
    assert updated.name == "Jan Nowak"


def test_a_persons_own_name_is_kept_when_the_last_name_changes(owner):
    made = make_client(owner, "Pan Janek", company=False, first_name="Jan", last_name="Kowalski")
    updated = client_update(account=owner.account, id=made.pk, data={"last_name": "Nowak"})
    assert updated.name == "Pan Janek"


def test_deleting_a_client_deletes_only_that_client(owner):
    buyer = make_client(owner, "Centrala")
    branch = make_client(owner, "Oddział", buyer_id=buyer.pk)
    other = make_client(owner, "Inny")
    client_delete(account=owner.account, id=buyer.pk)
    branch.refresh_from_db()
    assert branch.buyer is None
    assert sorted(Client.objects.values_list("pk", flat=True)) == sorted([branch.pk, other.pk])


def test_find_or_create_finds_by_tax_number_first(owner):
    by_tax = make_client(owner, "Firma", tax_no="PL 525-244-57-67")
    make_client(owner, "Firma Nowa", email="a@example.com")
    found = client_find_or_create(
        account=owner.account,
        data={"name": "Firma Nowa", "email": "a@example.com", "tax_no": "5252445767"},
    )
    assert found == by_tax
    assert Client.objects.count() == 2


def test_find_or_create_finds_by_name_and_email(owner):
    made = make_client(owner, "Firma", email="Biuro@Firma.example")
    make_client(owner, "Firma", email="inny@firma.example")
    found = client_find_or_create(
        account=owner.account, data={"name": "Firma", "email": "biuro@firma.example"}
    )
    assert found == made


def test_find_or_create_matches_the_name_exactly(owner):
    make_client(owner, "Firma", email="")
    created = client_find_or_create(account=owner.account, data={"name": "firma"})
    assert created.name == "firma"
    assert Client.objects.count() == 2


def test_find_or_create_does_not_take_a_namesake_with_another_tax_number(owner):
    make_client(owner, "Firma", tax_no="6272616681")
    created = client_find_or_create(
        account=owner.account, data={"name": "Firma", "tax_no": "5252445767"}
    )
    assert created.tax_no == "5252445767"
    assert created.shortcut == "Firma (1)"
    assert Client.objects.count() == 2


def test_find_or_create_takes_a_namesake_without_a_tax_number(owner):
    made = make_client(owner, "Firma")
    found = client_find_or_create(
        account=owner.account, data={"name": "Firma", "tax_no": "5252445767"}
    )
    assert found == made
    found.refresh_from_db()
    assert found.tax_no == ""


def test_find_or_create_finds_a_person_by_first_and_last_name(owner):
    made = make_client(owner, None, company=False, first_name="Jan", last_name="Kowalski")
    found = client_find_or_create(
        account=owner.account, data={"company": False, "first_name": "Jan", "last_name": "Kowalski"}
    )
    assert found == made


def test_find_or_create_creates_when_nothing_matches(owner, other_owner):
    make_client(other_owner, "Firma", tax_no="5252445767")
    created = client_find_or_create(
        account=owner.account, data={"name": "Firma", "tax_no": "5252445767", "city": "Kraków"}
    )
    assert (created.account, created.name, created.city) == (owner.account, "Firma", "Kraków")


def test_find_or_create_validates_what_it_creates(owner):
    with pytest.raises(Invalid) as refused:
        client_find_or_create(account=owner.account, data={"name": "F", "tax_no": "5252445768"})
    assert list(refused.value.errors) == ["tax_no"]
    assert not Client.objects.exists()
