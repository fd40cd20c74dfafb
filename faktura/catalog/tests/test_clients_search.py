"""Searching the client list: name, e-mail, shortcut, tax number, external id, tags."""

import pytest

from faktura.catalog.tests.factories_clients import listed, make_client

pytestmark = pytest.mark.django_db


def _names(http, owner, query: str) -> list[str]:
    return [c["name"] for c in listed(http, owner, query)]


def test_name_is_a_case_insensitive_substring(client, owner):
    make_client(owner, "Hurtownia ABC")
    make_client(owner, "abc Detal")
    make_client(owner, "Inny")
    assert _names(client, owner, "name=abc") == ["Hurtownia ABC", "abc Detal"]
    assert _names(client, owner, "name=xyz") == []


def test_email_matches_the_whole_address_in_any_case(client, owner):
    make_client(owner, "A", email="Biuro@Firma.example")
    make_client(owner, "B", email="biuro@firma.example.com")
    assert _names(client, owner, "email=biuro@firma.example") == ["A"]


def test_shortcut_matches_exactly(client, owner):
    make_client(owner, "Hurtownia", shortcut="HUR")
    make_client(owner, "Hurtownia 2", shortcut="HUR2")
    assert _names(client, owner, "shortcut=HUR") == ["Hurtownia"]


@pytest.mark.parametrize(
    "query", ["5252445767", "PL5252445767", "525-244-57-67", "pl+525+244+57+67"]
)
def test_tax_no_matches_whatever_the_separators_and_prefix(client, owner, query):
    make_client(owner, "Bez prefiksu", tax_no="5252445767")
    make_client(owner, "Z prefiksem", tax_no="PL 525-244-57-67")
    make_client(owner, "Inny", tax_no="6272616681")
    make_client(owner, "Dłuższy", tax_no="15252445767", disable_tax_no_validation=True)
    assert _names(client, owner, f"tax_no={query}") == ["Bez prefiksu", "Z prefiksem"]


def test_tax_no_search_for_an_eu_number(client, owner):
    make_client(owner, "Niemiec", tax_no="DE 123 456 789")
    assert _names(client, owner, "tax_no=DE123456789") == ["Niemiec"]
    assert _names(client, owner, "tax_no=123456789") == ["Niemiec"]


def test_external_id_answers_an_array_of_the_one_client(client, owner):
    make_client(owner, "A", external_id="100")
    make_client(owner, "B", external_id="1000")
    body = listed(client, owner, "external_id=100")
    assert [(c["name"], c["external_id"]) for c in body] == [("A", "100")]


def test_tag_keeps_the_clients_having_it(client, owner):
    make_client(owner, "A", tag_list=["hurt", "vip"])
    make_client(owner, "B", tag_list=["hurt"])
    make_client(owner, "C", tag_list=["hurtownia"])
    make_client(owner, "D")
    assert _names(client, owner, "tag=hurt") == ["A", "B"]
    assert _names(client, owner, "tags[]=hurt&tags[]=vip") == ["A"]
    assert _names(client, owner, "tags=vip,hurt") == ["A"]
    assert _names(client, owner, "tag=łódź") == []


def test_tags_with_polish_letters_are_found(client, owner):
    make_client(owner, "A", tag_list=["łódź"])
    assert _names(client, owner, "tag=łódź") == ["A"]


def test_filters_combine(client, owner):
    make_client(owner, "Hurt A", email="a@example.com")
    make_client(owner, "Hurt B", email="b@example.com")
    assert _names(client, owner, "name=hurt&email=b@example.com") == ["Hurt B"]


def test_search_never_shows_another_accounts_clients(client, owner, other_owner):
    make_client(other_owner, "Obcy", tax_no="5252445767", external_id="1", tag_list=["x"])
    for query in ("name=Obcy", "tax_no=5252445767", "external_id=1", "tag=x"):
        assert listed(client, owner, query) == []


def test_an_unknown_order_is_a_400_naming_the_parameter(client, owner):
    response = client.get(f"/clients.json?api_token={owner.api_token}&order=tax_no")
    assert response.status_code == 400
    assert response.json()["message"].startswith("Invalid parameter order")


@pytest.mark.parametrize(
    "parameter", ["name", "email", "shortcut", "tax_no", "external_id", "tag", "tags[]"]
)
def test_a_nul_character_in_a_search_is_a_400_naming_the_parameter(client, owner, parameter):
    response = client.get(f"/clients.json?api_token={owner.api_token}&{parameter}=a%00")
    assert response.status_code == 400
    assert response.json()["message"] == (
        f"Parameter '{parameter.rstrip('[]')}{'.0' if parameter.endswith('[]') else ''}' "
        "contains a NUL character, which is not allowed"
    )
