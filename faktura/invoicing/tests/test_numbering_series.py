import datetime

import pytest
from django.db import transaction

from faktura.invoicing.numbering import Pattern, parse_counter
from faktura.invoicing.series import (
    NumberCounter,
    number_claim,
    number_release,
    number_take,
    series_key,
)
from faktura.tests import factories

D = datetime.date
MONTHLY = Pattern.parse("nr-m/mm/yyyy")
NOV = D(2026, 11, 22)


@pytest.fixture
def account(owner):
    return owner.account


def take(account, on=NOV, pattern=MONTHLY, series="vat"):
    return number_take(account=account, series=series, pattern=pattern, issue_date=on)


def release(account, counter, on=NOV, pattern=MONTHLY, series="vat"):
    return number_release(
        account=account, series=series, pattern=pattern, issue_date=on, counter=counter
    )


def claim(account, counter, on=NOV, pattern=MONTHLY, series="vat"):
    return number_claim(
        account=account, series=series, pattern=pattern, issue_date=on, counter=counter
    )


def test_series_key_is_the_kind_and_the_department_numbered_apart():
    assert series_key("vat") == "vat"
    assert series_key("vat", None) == "vat"
    assert series_key("correction", 294947) == "correction:294947"


def test_numbers_are_taken_one_after_another(account):
    assert take(account) == (1, "1/11/2026")
    assert take(account) == (2, "2/11/2026")
    assert take(account, on=D(2026, 11, 1)) == (3, "3/11/2026")


def test_the_counter_row_is_keyed_by_series_pattern_and_period(account):
    take(account, series="vat:12")
    row = NumberCounter.objects.get()
    assert (row.account, row.series, row.period, row.last) == (
        account,
        "vat:12|nr-m/mm/yyyy",
        "2026-11",
        1,
    )


def test_a_monthly_counter_starts_again_each_month(account):
    take(account, on=D(2026, 11, 30))
    take(account, on=D(2026, 11, 30))
    assert take(account, on=D(2026, 12, 1)) == (1, "1/12/2026")
    assert take(account, on=D(2027, 1, 1)) == (1, "1/01/2027")
    # A document dated back into November continues November's counter.
    assert take(account, on=D(2026, 11, 2)) == (3, "3/11/2026")


def test_a_yearly_counter_runs_through_the_year(account):
    yearly = Pattern.parse("FV/nr/yyyy")
    assert take(account, on=D(2026, 1, 1), pattern=yearly) == (1, "FV/1/2026")
    assert take(account, on=D(2026, 12, 31), pattern=yearly) == (2, "FV/2/2026")
    assert take(account, on=D(2027, 1, 1), pattern=yearly) == (1, "FV/1/2027")


def test_a_daily_counter_starts_again_each_day(account):
    daily = Pattern.parse("nr-d/dd/mm/yyyy")
    assert take(account, on=D(2026, 11, 22), pattern=daily) == (1, "1/22/11/2026")
    assert take(account, on=D(2026, 11, 22), pattern=daily) == (2, "2/22/11/2026")
    assert take(account, on=D(2026, 11, 23), pattern=daily) == (1, "1/23/11/2026")


def test_a_never_reset_counter_runs_across_years(account):
    endless = Pattern.parse("nr-a4")
    assert take(account, on=D(2026, 12, 31), pattern=endless) == (1, "0001")
    assert take(account, on=D(2027, 1, 1), pattern=endless) == (2, "0002")


def test_kinds_departments_patterns_and_accounts_count_apart(account):
    other = factories.account().account
    take(account)
    take(account)
    assert take(account, series="proforma") == (1, "1/11/2026")
    assert take(account, series="vat:7") == (1, "1/11/2026")
    assert take(account, pattern=Pattern.parse("FV/nr-m/mm/yyyy")) == (1, "FV/1/11/2026")
    assert take(other) == (1, "1/11/2026")
    assert take(account) == (3, "3/11/2026")


def test_a_rolled_back_document_returns_its_number(account):
    take(account)
    taken = []

    def store_fails():
        with transaction.atomic():
            taken.append(take(account))
            raise RuntimeError("the invoice could not be stored")

    with pytest.raises(RuntimeError):
        store_fails()
    assert taken == [(2, "2/11/2026")]
    assert take(account) == (2, "2/11/2026")


def test_deleting_the_last_document_frees_its_number(account):
    take(account)
    take(account)
    assert release(account, 2) is True
    assert take(account) == (2, "2/11/2026")


def test_freeing_numbers_one_by_one_from_the_end(account):
    for _ in range(3):
        take(account)
    assert release(account, 3) is True
    assert release(account, 2) is True
    assert take(account) == (2, "2/11/2026")


def test_deleting_an_earlier_document_frees_nothing(account):
    for _ in range(3):
        take(account)
    assert release(account, 2) is False
    assert take(account) == (4, "4/11/2026")


def test_release_in_another_period_or_series_frees_nothing(account):
    take(account)
    assert release(account, 1, on=D(2026, 12, 1)) is False
    assert release(account, 1, series="proforma") is False
    assert release(account, 1, pattern=Pattern.parse("FV/nr-m/mm/yyyy")) is False
    assert release(account, 1, on=D(2025, 11, 22)) is False
    assert take(account) == (2, "2/11/2026")
    assert not NumberCounter.objects.exclude(series="vat|nr-m/mm/yyyy").exists()


def test_release_leaves_other_accounts_alone(account):
    other = factories.account().account
    take(account)
    take(other)
    assert release(other, 1) is True
    assert take(account) == (2, "2/11/2026")


def test_an_explicit_number_moves_the_counter_on(account):
    take(account)
    counter = parse_counter("7/11/2026", MONTHLY, NOV)
    assert claim(account, counter) is True
    assert take(account) == (8, "8/11/2026")


def test_an_explicit_number_opens_a_new_period(account):
    assert claim(account, 5, on=D(2026, 12, 3)) is True
    assert take(account, on=D(2026, 12, 4)) == (6, "6/12/2026")
    assert take(account) == (1, "1/11/2026")


def test_an_explicit_number_below_the_counter_leaves_it(account):
    for _ in range(3):
        take(account)
    assert claim(account, 2) is False
    assert claim(account, 3) is False
    assert take(account) == (4, "4/11/2026")


def test_a_claimed_last_number_can_be_freed(account):
    claim(account, 7)
    assert release(account, 7) is True
    assert take(account) == (7, "7/11/2026")


def test_a_series_key_too_long_for_the_counter_is_refused(account):
    with pytest.raises(ValueError, match="series key longer than 100 characters"):
        take(account, series="x" * 88)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("service", [take, release, claim])
def test_numbering_outside_a_transaction_is_refused(service, owner):
    args = () if service is take else (1,)
    with pytest.raises(transaction.TransactionManagementError, match="inside the transaction"):
        service(owner.account, *args)
    assert not NumberCounter.objects.exists()
