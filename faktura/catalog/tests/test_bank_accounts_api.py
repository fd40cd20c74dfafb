"""Bank accounts over HTTP, by API_RACHUNKI_BANKOWE.md section 4: CRUD, formats, isolation."""

import json
from urllib.parse import urlencode

import pytest

from faktura.catalog.models import BankAccount, BankAccountDepartment
from faktura.tests import factories

pytestmark = pytest.mark.django_db

SANTANDER = "PL61 1090 1014 0000 0712 1981 2874"
SANTANDER_NORMALIZED = "PL61109010140000071219812874"
DEUTSCHE = "DE89 3704 0044 0532 0130 00"
FIELDS = [
    "id",
    "name",
    "bank_name",
    "bank_account_number",
    "bank_currency",
    "bank_swift",
    "account_description",
    "own_bank_account",
    "own_bank_account_type",
    "factor_bank_account",
    "bank_account_id",
    "bank_account_version_departments",
]


@pytest.fixture(autouse=True)
def _english_messages(owner):
    # The reference's messages are English; the account's language picks them.
    owner.account.lang = "en"
    owner.account.save()


@pytest.fixture
def department(owner):
    return factories.department(owner, "Sklep")


def _send(client, method, path, body):
    return client.generic(method, path, data=json.dumps(body), content_type="application/json")


def _create(client, owner, **fields):
    body = {"api_token": owner.api_token, "bank_account": fields}
    return _send(client, "POST", "/bank_accounts.json", body)


def _update(client, owner, id, method="PUT", **fields):
    body = {"api_token": owner.api_token, "bank_account": fields}
    return _send(client, method, f"/bank_accounts/{id}.json", body)


def _links(bank_account_id):
    return sorted(
        BankAccountDepartment.objects.filter(bank_account_id=bank_account_id).values_list(
            "department_id", "show_on_invoice", "main_on_department"
        )
    )


def test_a_bank_account_is_created_as_in_the_reference(client, owner, department):
    response = _create(
        client,
        owner,
        name="Rachunek główny PLN",
        bank_account_number=SANTANDER,
        bank_name="Santander Bank Polska",
        bank_currency="PLN",
        bank_swift="WBKPPLPP",
        bank_account_version_departments=[
            {"department_id": department.pk, "show_on_invoice": True, "main_on_department": True}
        ],
    )
    assert response.status_code == 201
    body = response.json()
    assert body == {
        "id": body["id"],
        "name": "Rachunek główny PLN",
        "bank_name": "Santander Bank Polska",
        "bank_account_number": SANTANDER,
        "bank_currency": "PLN",
        "bank_swift": "WBKPPLPP",
        "account_description": None,
        "own_bank_account": False,
        "own_bank_account_type": None,
        "factor_bank_account": False,
        "bank_account_id": body["id"],
        "bank_account_version_departments": [
            {"department_id": department.pk, "show_on_invoice": True, "main_on_department": True}
        ],
    }
    stored = BankAccount.objects.get(pk=body["id"])
    assert (stored.account, stored.number_normalized) == (owner.account, SANTANDER_NORMALIZED)


def test_only_the_number_is_needed_and_the_rest_has_the_reference_defaults(client, owner):
    response = _create(client, owner, bank_account_number=DEUTSCHE)
    assert response.status_code == 201
    body = response.json()
    assert list(body) == FIELDS
    assert body["bank_account_number"] == DEUTSCHE
    assert (body["name"], body["bank_name"], body["bank_swift"]) == (None, None, None)
    assert body["bank_currency"] == "PLN"
    assert (body["own_bank_account"], body["factor_bank_account"]) == (False, False)
    assert body["bank_account_version_departments"] == []


def test_all_attributes_are_stored(client, owner):
    response = _create(
        client,
        owner,
        bank_account_number="61109010140000071219812874",
        account_description="Do cesji",
        own_bank_account="1",
        own_bank_account_type="debt_assignment",
        factor_bank_account=True,
        bank_currency="eur",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["bank_account_number"] == "61109010140000071219812874"
    assert body["account_description"] == "Do cesji"
    assert body["own_bank_account"] is True
    assert body["own_bank_account_type"] == "debt_assignment"
    assert body["factor_bank_account"] is True
    assert body["bank_currency"] == "EUR"
    # A bare NRB is the same account as its IBAN.
    assert BankAccount.objects.get(pk=body["id"]).number_normalized == SANTANDER_NORMALIZED


def test_a_number_of_another_format_is_accepted_as_given(client, owner):
    response = _create(
        client, owner, bank_account_number="021000021 123456789", bank_currency="USD"
    )
    assert response.status_code == 201
    assert response.json()["bank_account_number"] == "021000021 123456789"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, {"bank_account_number": ["can't be blank"]}),
        ({"bank_account_number": " - "}, {"bank_account_number": ["can't be blank"]}),
        (
            {"bank_account_number": "PL61 1090 1014 0000 0712 1981 2875"},
            {"bank_account_number": ["is not a valid IBAN"]},
        ),
        (
            {"bank_account_number": "61 1090 1014 0000 0712 1981 2875"},
            {"bank_account_number": ["is not a valid IBAN"]},
        ),
        (
            {"bank_account_number": "1" * 101},
            {"bank_account_number": ["is too long (maximum is 100 characters)"]},
        ),
        (
            {"bank_account_number": DEUTSCHE, "name": "n" * 256},
            {"name": ["is too long (maximum is 255 characters)"]},
        ),
        (
            {"bank_account_number": DEUTSCHE, "bank_name": "b" * 257},
            {"bank_name": ["is too long (maximum is 256 characters)"]},
        ),
        (
            {"bank_account_number": DEUTSCHE, "account_description": "d" * 257},
            {"account_description": ["is too long (maximum is 256 characters)"]},
        ),
        (
            {"bank_account_number": DEUTSCHE, "bank_swift": "S" * 21},
            {"bank_swift": ["is too long (maximum is 20 characters)"]},
        ),
        (
            {"bank_account_number": DEUTSCHE, "own_bank_account_type": "own"},
            {"own_bank_account_type": ["is not included in the list"]},
        ),
        (
            {"bank_account_number": DEUTSCHE, "bank_currency": "EURO"},
            {"bank_currency": ["is not a currency code (three letters, e.g. PLN)"]},
        ),
        (
            {"bank_account_number": DEUTSCHE, "factor_bank_account": "perhaps"},
            {"factor_bank_account": ["must be true or false (also accepted: 1/0, yes/no)"]},
        ),
    ],
    ids=[
        "no number",
        "blank number",
        "wrong iban",
        "wrong nrb",
        "overlong number",
        "overlong name",
        "overlong bank name",
        "overlong description",
        "overlong swift",
        "unknown own type",
        "bad currency",
        "bad boolean",
    ],
)
def test_invalid_input_is_422_with_the_references_messages(client, owner, fields, message):
    response = _create(client, owner, **fields)
    assert response.status_code == 422
    assert response.json() == {"code": "error", "message": message}
    assert not BankAccount.objects.exists()


def test_every_invalid_field_is_reported_at_once(client, owner):
    response = _create(client, owner, name="n" * 256, own_bank_account_type="x")
    assert response.json()["message"] == {
        "name": ["is too long (maximum is 255 characters)"],
        "bank_account_number": ["can't be blank"],
        "own_bank_account_type": ["is not included in the list"],
    }


def test_the_same_number_in_another_spelling_has_already_been_taken(client, owner):
    assert _create(client, owner, bank_account_number=SANTANDER).status_code == 201
    response = _create(client, owner, bank_account_number="pl61-1090-1014-0000-0712-1981-2874")
    assert response.status_code == 422
    assert response.json()["message"] == {"bank_account_number": ["has already been taken"]}
    assert BankAccount.objects.count() == 1


def test_another_account_may_have_the_same_number(client, owner, other_owner):
    _create(client, other_owner, bank_account_number=SANTANDER)
    assert _create(client, owner, bank_account_number=SANTANDER).status_code == 201


def test_a_bank_account_is_read_back_and_listed(client, owner, department):
    created = _create(
        client,
        owner,
        bank_account_number=SANTANDER,
        bank_account_version_departments=[{"department_id": department.pk}],
    ).json()
    shown = client.get(f"/bank_accounts/{created['id']}.json?api_token={owner.api_token}")
    assert shown.status_code == 200
    assert shown.json() == created
    assert created["bank_account_version_departments"] == [
        {"department_id": department.pk, "show_on_invoice": True, "main_on_department": False}
    ]
    listed = client.get(f"/bank_accounts.json?api_token={owner.api_token}")
    assert listed.json() == [created]


def test_the_list_pages_orders_and_filters(client, owner, department):
    pln = _create(client, owner, bank_account_number=SANTANDER, bank_name="B").json()["id"]
    eur = _create(
        client,
        owner,
        bank_account_number=DEUTSCHE,
        bank_currency="EUR",
        bank_name="A",
        bank_account_version_departments=[{"department_id": department.pk}],
    ).json()["id"]
    base = f"/bank_accounts.json?api_token={owner.api_token}"

    def ids(query):
        response = client.get(f"{base}&{query}")
        assert response.status_code == 200, response.content
        return [item["id"] for item in response.json()]

    assert ids("") == [pln, eur]
    assert ids("per_page=1&page=2") == [eur]
    assert ids("order=bank_name") == [eur, pln]
    assert ids(f"department_id={department.pk}") == [eur]
    assert ids("bank_currency=pln") == [pln]
    bad = client.get(f"{base}&department_id=main")
    assert bad.status_code == 400
    assert "department_id" in bad.json()["message"]


def test_an_update_answers_the_updated_account_as_in_the_reference(client, owner):
    created = _create(client, owner, name="Stary", bank_account_number=SANTANDER).json()
    response = _update(
        client,
        owner,
        created["id"],
        name="Zaktualizowany rachunek",
        bank_account_number=SANTANDER,
        bank_name="Nowa nazwa banku",
        bank_currency="PLN",
        bank_swift="WBKPPLPP",
    )
    assert response.status_code == 200
    assert response.json() == {
        "id": created["id"],
        "name": "Zaktualizowany rachunek",
        "bank_name": "Nowa nazwa banku",
        "bank_account_number": SANTANDER,
        "bank_currency": "PLN",
        "bank_swift": "WBKPPLPP",
        "account_description": None,
        "own_bank_account": False,
        "own_bank_account_type": None,
        "factor_bank_account": False,
        "bank_account_id": created["id"],
        "bank_account_version_departments": [],
    }


def test_patch_changes_only_the_given_fields(client, owner):
    created = _create(
        client, owner, bank_account_number=SANTANDER, bank_name="Santander", bank_swift="WBK"
    ).json()
    response = _update(client, owner, created["id"], method="PATCH", bank_swift=None)
    assert response.status_code == 200
    assert response.json()["bank_swift"] is None
    assert response.json()["bank_name"] == "Santander"
    assert response.json()["bank_account_number"] == SANTANDER


def test_an_update_to_a_new_number_renormalizes_it(client, owner):
    created = _create(client, owner, bank_account_number=SANTANDER).json()
    response = _update(client, owner, created["id"], bank_account_number=DEUTSCHE)
    assert response.status_code == 200
    assert BankAccount.objects.get(pk=created["id"]).number_normalized == "DE89370400440532013000"


def test_an_update_to_another_accounts_number_has_already_been_taken(client, owner):
    _create(client, owner, bank_account_number=SANTANDER)
    second = _create(client, owner, bank_account_number=DEUTSCHE).json()["id"]
    response = _update(client, owner, second, bank_account_number=SANTANDER)
    assert response.status_code == 422
    assert response.json()["message"] == {"bank_account_number": ["has already been taken"]}
    assert BankAccount.objects.get(pk=second).bank_account_number == DEUTSCHE


def test_an_update_cannot_blank_the_number_or_break_it(client, owner):
    created = _create(client, owner, bank_account_number=SANTANDER).json()["id"]
    blank = _update(client, owner, created, bank_account_number="")
    assert blank.json()["message"] == {"bank_account_number": ["can't be blank"]}
    wrong = _update(client, owner, created, bank_account_number="DE89 3704 0044 0532 0130 01")
    assert wrong.json()["message"] == {"bank_account_number": ["is not a valid IBAN"]}
    assert BankAccount.objects.get(pk=created).bank_account_number == SANTANDER


def test_delete_answers_200_with_an_empty_body(client, owner, department):
    created = _create(
        client,
        owner,
        bank_account_number=SANTANDER,
        bank_account_version_departments=[{"department_id": department.pk}],
    ).json()["id"]
    response = client.delete(f"/bank_accounts/{created}.json?api_token={owner.api_token}")
    assert response.status_code == 200
    assert response.content == b""
    assert not BankAccount.objects.filter(pk=created).exists()
    assert _links(created) == []
    gone = client.get(f"/bank_accounts/{created}.json?api_token={owner.api_token}")
    assert gone.status_code == 404
    assert gone.json()["code"] == "error"
    assert gone.json()["message"] == "Not found"


def test_a_missing_bank_account_is_404_not_found(client, owner):
    for method in ("GET", "DELETE"):
        response = client.generic(method, f"/bank_accounts/999999.json?api_token={owner.api_token}")
        assert response.status_code == 404
        assert (response.json()["code"], response.json()["message"]) == ("error", "Not found")
    updated = _update(client, owner, 999999, name="x")
    assert updated.status_code == 404


def test_main_on_department_moves_from_the_previous_main_account(client, owner, department):
    link = [{"department_id": department.pk, "main_on_department": True}]
    first = _create(
        client, owner, bank_account_number=SANTANDER, bank_account_version_departments=link
    ).json()["id"]
    second = _create(
        client, owner, bank_account_number=DEUTSCHE, bank_account_version_departments=link
    ).json()["id"]
    assert _links(first) == [(department.pk, True, False)]
    assert _links(second) == [(department.pk, True, True)]
    shown = client.get(f"/bank_accounts/{first}.json?api_token={owner.api_token}").json()
    assert shown["bank_account_version_departments"][0]["main_on_department"] is False


def test_links_are_changed_removed_or_kept_by_an_update(client, owner, department):
    other_department = factories.department(owner, "Magazyn")
    created = _create(
        client,
        owner,
        bank_account_number=SANTANDER,
        bank_account_version_departments=[
            {"department_id": department.pk, "main_on_department": True},
            {"department_id": other_department.pk},
        ],
    ).json()["id"]
    response = _update(
        client,
        owner,
        created,
        bank_account_version_departments=[
            {"department_id": department.pk, "remove": True},
            {"department_id": other_department.pk, "show_on_invoice": False},
        ],
    )
    assert response.status_code == 200
    assert response.json()["bank_account_version_departments"] == [
        {
            "department_id": other_department.pk,
            "show_on_invoice": False,
            "main_on_department": False,
        }
    ]
    untouched = _update(client, owner, created, name="Tylko nazwa")
    assert untouched.json()["bank_account_version_departments"] == [
        {
            "department_id": other_department.pk,
            "show_on_invoice": False,
            "main_on_department": False,
        }
    ]


def test_a_link_to_another_accounts_department_is_422_and_nothing_is_written(
    client, owner, other_owner
):
    foreign = factories.department(other_owner, "Cudzy")
    response = _create(
        client,
        owner,
        bank_account_number=SANTANDER,
        bank_account_version_departments=[{"department_id": foreign.pk}],
    )
    assert response.status_code == 422
    assert response.json()["message"] == {
        "bank_account_version_departments": [f"no such department in this account: {foreign.pk}"]
    }
    assert not BankAccount.objects.filter(account=owner.account).exists()
    assert not BankAccountDepartment.objects.filter(department=foreign).exists()


def test_a_link_without_a_department_is_422(client, owner):
    response = _create(
        client,
        owner,
        bank_account_number=SANTANDER,
        bank_account_version_departments=[{"show_on_invoice": True}],
    )
    assert response.status_code == 422
    assert list(response.json()["message"]) == ["bank_account_version_departments"]
    assert not BankAccount.objects.exists()


def test_a_bank_account_round_trips_through_xml(client, owner, department):
    xml = (
        "<bank_account>"
        "<name>Rachunek EUR</name>"
        f"<bank_account_number>{DEUTSCHE}</bank_account_number>"
        "<bank_currency>EUR</bank_currency>"
        '<factor_bank_account type="boolean">true</factor_bank_account>'
        '<bank_account_version_departments type="array">'
        "<bank_account_version_department>"
        f'<department_id type="integer">{department.pk}</department_id>'
        '<main_on_department type="boolean">true</main_on_department>'
        "</bank_account_version_department>"
        "</bank_account_version_departments>"
        "</bank_account>"
    )
    created = client.post(
        f"/bank_accounts.xml?api_token={owner.api_token}",
        data=xml.encode(),
        content_type="application/xml",
    )
    assert created.status_code == 201, created.content
    bank_account = BankAccount.objects.get(account=owner.account)
    shown = client.get(f"/bank_accounts/{bank_account.pk}.xml?api_token={owner.api_token}")
    text = shown.content.decode()
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<bank_account>')
    assert f"<bank_account_number>{DEUTSCHE}</bank_account_number>" in text
    assert '<factor_bank_account type="boolean">true</factor_bank_account>' in text
    assert f'<bank_account_id type="integer">{bank_account.pk}</bank_account_id>' in text
    assert '<bank_swift nil="true"/>' in text
    assert '<bank_account_version_departments type="array">' in text
    assert f'<department_id type="integer">{department.pk}</department_id>' in text
    assert '<main_on_department type="boolean">true</main_on_department>' in text


def test_a_bank_account_from_rails_form_params(client, owner, department):
    form = urlencode(
        [
            ("api_token", owner.api_token),
            ("bank_account[bank_account_number]", SANTANDER),
            ("bank_account[own_bank_account]", "1"),
            ("bank_account[bank_account_version_departments][0][department_id]", department.pk),
            ("bank_account[bank_account_version_departments][0][show_on_invoice]", "0"),
        ]
    )
    response = client.post(
        "/bank_accounts.json", data=form, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 201, response.content
    assert response.json()["own_bank_account"] is True
    assert _links(response.json()["id"]) == [(department.pk, False, False)]


def test_another_accounts_bank_account_is_404_everywhere_and_unchanged(client, owner, other_owner):
    foreign = BankAccount.objects.create(
        account=other_owner.account,
        name="Cudzy",
        bank_account_number=SANTANDER,
        number_normalized=SANTANDER_NORMALIZED,
    )
    path = f"/bank_accounts/{foreign.pk}.json"
    assert client.get(f"{path}?api_token={owner.api_token}").status_code == 404
    assert _update(client, owner, foreign.pk, name="Przejęty").status_code == 404
    assert _update(client, owner, foreign.pk, method="PATCH", name="X").status_code == 404
    assert client.delete(f"{path}?api_token={owner.api_token}").status_code == 404
    foreign.refresh_from_db()
    assert foreign.name == "Cudzy"


def test_the_list_shows_only_the_callers_bank_accounts(client, owner, other_owner):
    _create(client, other_owner, bank_account_number=SANTANDER, name="Cudzy")
    _create(client, owner, bank_account_number=DEUTSCHE, name="Nasz")
    listed = client.get(f"/bank_accounts.json?api_token={owner.api_token}").json()
    assert [item["name"] for item in listed] == ["Nasz"]
