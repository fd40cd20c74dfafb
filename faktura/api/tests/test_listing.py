"""Paging, period filters and ordering, shared by every list."""

import datetime as dt

import pytest

from faktura.api.listing import PERIODS, period_range
from faktura.catalog.models import Department
from faktura.errors import BadParameter

TODAY = dt.date(2026, 11, 22)


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("this_month", (dt.date(2026, 11, 1), dt.date(2026, 11, 30))),
        ("last_month", (dt.date(2026, 10, 1), dt.date(2026, 10, 31))),
        ("last_30_days", (dt.date(2026, 10, 24), dt.date(2026, 11, 22))),
        ("last_12_months", (dt.date(2025, 11, 23), dt.date(2026, 11, 22))),
        ("this_year", (dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
        ("last_year", (dt.date(2025, 1, 1), dt.date(2025, 12, 31))),
        ("all", None),
    ],
)
def test_period_ranges(period, expected):
    assert period_range(period, TODAY) == expected


def test_last_month_in_january_is_last_december():
    assert period_range("last_month", dt.date(2027, 1, 15)) == (
        dt.date(2026, 12, 1),
        dt.date(2026, 12, 31),
    )


def test_last_12_months_from_a_leap_day():
    assert period_range("last_12_months", dt.date(2028, 2, 29)) == (
        dt.date(2027, 3, 1),
        dt.date(2028, 2, 29),
    )


def test_more_takes_date_from_and_date_to():
    assert period_range("more", TODAY, "2018-12-16", "2018-12-21") == (
        dt.date(2018, 12, 16),
        dt.date(2018, 12, 21),
    )


@pytest.mark.parametrize(
    ("date_from", "date_to", "name"),
    [(None, "2018-12-21", "date_from"), ("2018-12-16", "21.12.2018", "date_to")],
)
def test_more_with_missing_or_malformed_dates_names_the_parameter(date_from, date_to, name):
    with pytest.raises(BadParameter) as caught:
        period_range("more", TODAY, date_from, date_to)
    assert caught.value.name == name


def test_unknown_period_lists_the_allowed_values():
    with pytest.raises(BadParameter) as caught:
        period_range("yesterday", TODAY)
    assert caught.value.name == "period"
    assert all(period in caught.value.reason for period in PERIODS)


@pytest.fixture
def many_departments(owner):
    Department.objects.bulk_create(
        Department(account=owner.account, name=f"D{n:03d}") for n in range(1, 121)
    )
    return owner


def _names(client, owner, query: str) -> list[str]:
    response = client.get(f"/departments.json?api_token={owner.api_token}&{query}")
    assert response.status_code == 200, response.content
    return [department["name"] for department in response.json()]


@pytest.mark.django_db
def test_default_page_holds_25(client, many_departments):
    names = _names(client, many_departments, "")
    assert len(names) == 25
    assert names[:2] == ["Acme sp. z o.o.", "D001"]


@pytest.mark.django_db
def test_per_page_is_capped_at_100(client, many_departments):
    assert len(_names(client, many_departments, "per_page=1000")) == 100


@pytest.mark.django_db
def test_pages_follow_each_other_and_end_with_an_empty_list(client, many_departments):
    second = _names(client, many_departments, "per_page=50&page=2")
    assert (second[0], second[-1]) == ("D050", "D099")
    assert _names(client, many_departments, "per_page=50&page=3")[-1] == "D120"
    assert _names(client, many_departments, "per_page=50&page=4") == []


@pytest.mark.django_db
def test_order_by_field_descending(client, many_departments):
    assert _names(client, many_departments, "order=name.desc&per_page=2") == ["D120", "D119"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "parameter", "allowed"),
    [
        ("order=price", "order", "name.desc"),
        ("period=yesterday", "period", "last_12_months"),
        ("page=0", "page", "1 or more"),
        ("per_page=abc", "per_page", "whole number"),
        ("period=more&date_from=2026-13-01&date_to=2026-12-01", "date_from", "YYYY-MM-DD"),
    ],
)
def test_parameters_outside_their_set_answer_400_naming_them(
    client, owner, query, parameter, allowed
):
    response = client.get(f"/departments.json?api_token={owner.api_token}&{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "error"
    assert f"Invalid parameter {parameter}:" in body["message"]
    assert allowed in body["message"]
    assert body["request"] == f"/departments.json?{query}"
    assert owner.api_token not in response.content.decode()


@pytest.mark.django_db
def test_period_filters_on_the_resources_date(client, owner):
    old = Department.objects.create(account=owner.account, name="Stary")
    Department.objects.filter(pk=old.pk).update(
        created_at=dt.datetime(2018, 12, 18, 12, 0, tzinfo=dt.UTC)
    )
    in_range = _names(client, owner, "period=more&date_from=2018-12-16&date_to=2018-12-21")
    assert in_range == ["Stary"]
    assert "Stary" not in _names(client, owner, "period=this_month")
    assert "Stary" in _names(client, owner, "period=all")


@pytest.mark.django_db
def test_a_page_beyond_any_row_answers_400_not_500(client, owner):
    response = client.get(f"/departments.json?api_token={owner.api_token}&page={2**70}")
    assert response.status_code == 400
    assert "Invalid parameter page" in response.json()["message"]
    assert _names(client, owner, f"page={10**9}") == []
