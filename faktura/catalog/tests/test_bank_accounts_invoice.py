"""Which bank accounts an invoice shows (API_RACHUNKI_BANKOWE.md sections 1 and 3)."""

import pytest
from django.utils import translation

from faktura.catalog.models import BankAccount, BankAccountDepartment
from faktura.catalog.services.bank_accounts import bank_accounts_for_invoice
from faktura.errors import Invalid
from faktura.tests import factories

pytestmark = pytest.mark.django_db

SANTANDER = "PL61 1090 1014 0000 0712 1981 2874"
DEUTSCHE = "DE89 3704 0044 0532 0130 00"
BARCLAYS = "GB82 WEST 1234 5698 7654 32"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def department(owner):
    return factories.department(owner, "Sklep")


def _account(owner, number, normalized, **fields):
    return BankAccount.objects.create(
        account=owner.account, bank_account_number=number, number_normalized=normalized, **fields
    )


def _link(bank_account, department, **flags):
    return BankAccountDepartment.objects.create(
        account=bank_account.account, bank_account=bank_account, department=department, **flags
    )


@pytest.fixture
def pln(owner, department):
    bank_account = _account(owner, SANTANDER, "PL61109010140000071219812874", bank_name="PKO")
    _link(bank_account, department, show_on_invoice=True)
    return bank_account


@pytest.fixture
def eur(owner, department):
    bank_account = _account(
        owner, DEUTSCHE, "DE89370400440532013000", bank_name="DB", bank_currency="EUR"
    )
    _link(bank_account, department, show_on_invoice=True, main_on_department=True)
    return bank_account


def test_without_bank_accounts_the_invoice_gets_the_departments_shown_ones_main_first(
    owner, department, pln, eur
):
    hidden = _account(owner, BARCLAYS, "GB82WEST12345698765432")
    _link(hidden, department, show_on_invoice=False)
    chosen = bank_accounts_for_invoice(account=owner.account, department=department, requested=None)
    assert chosen == [eur, pln]


def test_without_bank_accounts_or_department_the_invoice_gets_none(owner, pln):
    assert bank_accounts_for_invoice(account=owner.account, department=None, requested=None) == []


def test_given_bank_accounts_replace_the_departments(owner, department, pln, eur):
    chosen = bank_accounts_for_invoice(
        account=owner.account,
        department=department,
        requested=[{"bank_account_number": "PL60 1020 1026 0000 0422 7020 1111"}],
    )
    assert [bank_account.number_normalized for bank_account in chosen] == [
        "PL60102010260000042270201111"
    ]


def test_an_existing_number_is_reused_with_its_stored_attributes(owner, department, pln):
    chosen = bank_accounts_for_invoice(
        account=owner.account,
        department=department,
        requested=[
            {
                "bank_account_number": "61109010140000071219812874",
                "bank_name": "Zignorowany bank",
                "bank_currency": "EUR",
            }
        ],
    )
    assert chosen == [pln]
    pln.refresh_from_db()
    assert (pln.bank_name, pln.bank_currency) == ("PKO", "PLN")
    assert BankAccount.objects.count() == 1


def test_a_new_number_is_created_with_the_given_attributes(owner, department):
    (created,) = bank_accounts_for_invoice(
        account=owner.account,
        department=department,
        requested=[
            {
                "bank_account_number": SANTANDER,
                "bank_name": "Santander Bank Polska",
                "bank_currency": "eur",
                "bank_swift": "WBKPPLPP",
                "factor_bank_account": True,
            }
        ],
    )
    created.refresh_from_db()
    assert created.account == owner.account
    assert created.bank_account_number == SANTANDER
    assert created.number_normalized == "PL61109010140000071219812874"
    assert (created.bank_name, created.bank_currency, created.bank_swift) == (
        "Santander Bank Polska",
        "EUR",
        "WBKPPLPP",
    )
    assert created.factor_bank_account is True
    # Created for an invoice, not added to the department's defaults.
    assert not BankAccountDepartment.objects.filter(bank_account=created).exists()


def test_a_new_number_gets_the_default_bank_name_and_the_departments_currency(
    owner, department, eur
):
    (created,) = bank_accounts_for_invoice(
        account=owner.account, department=department, requested=[{"bank_account_number": BARCLAYS}]
    )
    assert created.bank_name == "Rachunek bankowy"
    assert created.bank_currency == "EUR"


def test_without_a_main_department_account_the_currency_is_pln(owner, department):
    (created,) = bank_accounts_for_invoice(
        account=owner.account, department=department, requested=[{"bank_account_number": BARCLAYS}]
    )
    assert created.bank_currency == "PLN"


def test_a_number_given_twice_gives_one_account(owner, department):
    chosen = bank_accounts_for_invoice(
        account=owner.account,
        department=department,
        requested=[
            {"bank_account_number": SANTANDER},
            {"bank_account_number": "PL" + SANTANDER[2:]},
        ],
    )
    assert len(chosen) == 1
    assert BankAccount.objects.count() == 1


def test_the_given_order_is_kept(owner, department, pln, eur):
    chosen = bank_accounts_for_invoice(
        account=owner.account,
        department=department,
        requested=[{"bank_account_number": SANTANDER}, {"bank_account_number": DEUTSCHE}],
    )
    assert chosen == [pln, eur]


def test_another_accounts_row_with_the_same_number_is_never_used(owner, other_owner, department):
    foreign = BankAccount.objects.create(
        account=other_owner.account,
        bank_account_number=SANTANDER,
        number_normalized="PL61109010140000071219812874",
        bank_name="Cudzy",
    )
    (chosen,) = bank_accounts_for_invoice(
        account=owner.account, department=department, requested=[{"bank_account_number": SANTANDER}]
    )
    assert chosen != foreign
    assert chosen.account == owner.account
    assert chosen.bank_name == "Rachunek bankowy"


@pytest.mark.parametrize("entry", [{}, {"bank_account_number": ""}, {"bank_name": "Bank"}])
def test_an_entry_without_a_number_is_cant_be_blank(owner, department, entry):
    with pytest.raises(Invalid) as error:
        bank_accounts_for_invoice(account=owner.account, department=department, requested=[entry])
    assert error.value.errors == {"bank_accounts": ["can't be blank"]}
    assert not BankAccount.objects.exists()


def test_a_wrong_iban_is_refused_and_nothing_is_created(owner, department):
    with pytest.raises(Invalid) as error:
        bank_accounts_for_invoice(
            account=owner.account,
            department=department,
            requested=[
                {"bank_account_number": DEUTSCHE},
                {"bank_account_number": "PL61 1090 1014 0000 0712 1981 2875"},
            ],
        )
    assert error.value.errors == {"bank_accounts": ["bank_account_number is not a valid IBAN"]}
    assert not BankAccount.objects.exists()


def test_invalid_attributes_of_a_new_account_are_refused(owner, department):
    with pytest.raises(Invalid) as error:
        bank_accounts_for_invoice(
            account=owner.account,
            department=department,
            requested=[{"bank_account_number": SANTANDER, "own_bank_account_type": "x"}],
        )
    assert error.value.errors == {
        "bank_accounts": ["own_bank_account_type is not included in the list"]
    }
