"""Issuing recurring invoices with a controllable clock: each period exactly once, on its
day (or the next working day), through month ends, end dates, pauses and downtime."""

import datetime as dt

import pytest

from faktura.invoicing.models import Invoice
from faktura.invoicing.recurring import services
from faktura.invoicing.recurring.models import Recurring, RecurringPeriod
from faktura.invoicing.tests import factories_invoices

pytestmark = pytest.mark.django_db

D = dt.date


def _template(owner, day: dt.date, **fields) -> Invoice:
    return factories_invoices.numbered_invoice(
        owner,
        issue_date=day,
        sell_date=day,
        payment_to=day + dt.timedelta(days=14),
        buyer_email="kupiec@example.com",
        **fields,
    )


def _recurring(owner, start: dt.date, every="1m", *, today=None, **data) -> Recurring:
    template = _template(owner, start)
    fields = {"name": "Abonament", "invoice_id": template.pk, "start_date": start, "every": every}
    return services.recurring_create(
        account=owner.account, data={**fields, **data}, today=today or start
    )


def _every_day(first: dt.date, last: dt.date) -> None:
    day = first
    while day <= last:
        services.recurring_issue_due(today=day)
        day += dt.timedelta(days=1)


def _issued(recurring: Recurring) -> list[tuple[dt.date, dt.date]]:
    invoices = Invoice.objects.filter(recurring=recurring).order_by("id")
    return [(invoice.issue_date, invoice.sell_date) for invoice in invoices]


def test_monthly_from_the_31st_through_the_shorter_months(owner):
    recurring = _recurring(owner, D(2026, 1, 31))
    assert recurring.next_invoice_date == D(2026, 1, 31)
    _every_day(D(2026, 1, 25), D(2026, 6, 5))
    days = [D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 31), D(2026, 4, 30), D(2026, 5, 31)]
    assert _issued(recurring) == [(day, day) for day in days]
    invoices = list(Invoice.objects.filter(recurring=recurring).order_by("id"))
    # Numbered in their series like any invoice, the term 14 days as on the template.
    assert len({invoice.number for invoice in invoices}) == 5
    assert all(i.payment_to == i.issue_date + dt.timedelta(days=14) for i in invoices)
    assert all(i.price_gross == invoices[0].price_gross for i in invoices)
    recurring.refresh_from_db()
    assert (recurring.next_invoice_date, recurring.last_invoice_date) == (
        D(2026, 6, 30),
        D(2026, 5, 31),
    )
    assert recurring.invoices_count == 5


def test_every_two_weeks(owner):
    recurring = _recurring(owner, D(2026, 11, 2), "2w")
    _every_day(D(2026, 11, 1), D(2026, 12, 31))
    days = [D(2026, 11, 2), D(2026, 11, 16), D(2026, 11, 30), D(2026, 12, 14), D(2026, 12, 28)]
    assert [issued for issued, _sold in _issued(recurring)] == days


def test_yearly_from_a_leap_day(owner):
    recurring = _recurring(owner, D(2024, 2, 29), "1y")
    for year in range(2024, 2029):
        for day in (27, 28, 29):
            if day == 29 and year % 4:
                continue
            services.recurring_issue_due(today=D(year, 2, day))
        services.recurring_issue_due(today=D(year, 3, 1))
    issued = [issued for issued, _sold in _issued(recurring)]
    assert issued == [
        D(2024, 2, 29),
        D(2025, 2, 28),
        D(2026, 2, 28),
        D(2027, 2, 28),
        D(2028, 2, 29),
    ]


def test_working_days_only_skip_weekends_and_holidays_but_keep_the_schedule(owner):
    weekend = _recurring(owner, D(2026, 10, 31), issue_working_day_only=True)
    holiday = _recurring(owner, D(2026, 11, 11), issue_working_day_only=True)
    assert weekend.next_invoice_date == D(2026, 11, 2)  # a Saturday, then All Saints' Sunday
    _every_day(D(2026, 10, 30), D(2027, 2, 15))
    assert _issued(weekend) == [
        (D(2026, 11, 2), D(2026, 10, 31)),
        (D(2026, 11, 30), D(2026, 11, 30)),
        (D(2026, 12, 31), D(2026, 12, 31)),
        (D(2027, 2, 1), D(2027, 1, 31)),  # a Sunday
    ]
    assert [issued for issued, _sold in _issued(holiday)] == [
        D(2026, 11, 12),  # Independence Day
        D(2026, 12, 11),
        D(2027, 1, 11),
        D(2027, 2, 11),
    ]


def test_the_end_date_finishes_the_schedule(owner):
    recurring = _recurring(owner, D(2026, 1, 15), end_date=D(2026, 3, 20))
    _every_day(D(2026, 1, 1), D(2026, 6, 1))
    assert len(_issued(recurring)) == 3
    recurring.refresh_from_db()
    assert (recurring.state, recurring.next_invoice_date) == ("finished", None)


def test_a_server_down_for_months_catches_up_each_missed_period_once(owner):
    recurring = _recurring(owner, D(2026, 1, 10))
    services.recurring_issue_due(today=D(2026, 1, 10))
    services.recurring_issue_due(today=D(2026, 4, 15))  # back after ten weeks down
    services.recurring_issue_due(today=D(2026, 4, 15))
    assert _issued(recurring) == [
        (D(2026, 1, 10), D(2026, 1, 10)),
        (D(2026, 4, 15), D(2026, 2, 10)),  # issued now, for the periods they bill
        (D(2026, 4, 15), D(2026, 3, 10)),
        (D(2026, 4, 15), D(2026, 4, 10)),
    ]
    recurring.refresh_from_db()
    assert recurring.next_invoice_date == D(2026, 5, 10)


def test_without_catch_up_only_the_latest_missed_period_is_issued(owner):
    recurring = _recurring(owner, D(2026, 1, 10), catch_up=False)
    services.recurring_issue_due(today=D(2026, 1, 10))
    services.recurring_issue_due(today=D(2026, 4, 15))
    assert _issued(recurring) == [
        (D(2026, 1, 10), D(2026, 1, 10)),
        (D(2026, 4, 15), D(2026, 4, 10)),
    ]
    skipped = RecurringPeriod.objects.filter(recurring=recurring, skipped=True)
    assert [period.period_date for period in skipped] == [D(2026, 2, 10), D(2026, 3, 10)]
    assert all(period.invoice_id is None for period in skipped)


def test_a_crash_mid_run_leaves_nothing_and_the_next_run_issues_each_period_once(
    owner, monkeypatch
):
    recurring = _recurring(owner, D(2026, 1, 10))
    real_create = services.invoice_create
    calls = []

    def crash_on_the_third(**kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("the worker was killed")
        return real_create(**kwargs)

    monkeypatch.setattr(services, "invoice_create", crash_on_the_third)
    with pytest.raises(RuntimeError):
        services.recurring_issue_due(today=D(2026, 4, 15))
    assert _issued(recurring) == []
    assert not RecurringPeriod.objects.exists()
    recurring.refresh_from_db()
    assert recurring.next_invoice_date == D(2026, 1, 10)
    monkeypatch.setattr(services, "invoice_create", real_create)
    services.recurring_issue_due(today=D(2026, 4, 15))
    services.recurring_issue_due(today=D(2026, 4, 16))
    assert [sold for _issued_on, sold in _issued(recurring)] == [
        D(2026, 1, 10),
        D(2026, 2, 10),
        D(2026, 3, 10),
        D(2026, 4, 10),
    ]


def test_a_period_already_recorded_is_never_issued_again(owner):
    recurring = _recurring(owner, D(2026, 1, 10))
    # As if another worker had dealt with January and this row's copy were stale.
    RecurringPeriod.objects.create(recurring=recurring, period_date=D(2026, 1, 10))
    services.recurring_issue_due(today=D(2026, 1, 10))
    assert _issued(recurring) == []
    recurring.refresh_from_db()
    assert recurring.next_invoice_date == D(2026, 2, 10)


def test_a_start_in_the_past_begins_with_the_next_date(owner):
    recurring = _recurring(owner, D(2016, 1, 1), today=D(2026, 11, 22))
    assert recurring.next_invoice_date == D(2026, 12, 1)
    services.recurring_issue_due(today=D(2026, 11, 22))
    assert _issued(recurring) == []


def test_next_invoice_date_set_by_hand_starts_the_schedule_there(owner):
    recurring = _recurring(owner, D(2026, 1, 10))
    services.recurring_update(
        account=owner.account,
        id=recurring.pk,
        data={"next_invoice_date": D(2026, 2, 1)},
        today=D(2026, 1, 5),
    )
    _every_day(D(2026, 1, 5), D(2026, 3, 5))
    assert [sold for _issued_on, sold in _issued(recurring)] == [D(2026, 2, 1), D(2026, 3, 1)]


def test_a_paused_recurring_issues_nothing_and_resumes_from_today(owner):
    recurring = _recurring(owner, D(2026, 1, 10))
    services.recurring_update(
        account=owner.account, id=recurring.pk, data={"state": "paused"}, today=D(2026, 1, 5)
    )
    _every_day(D(2026, 1, 5), D(2026, 3, 20))
    assert _issued(recurring) == []
    resumed = services.recurring_update(
        account=owner.account, id=recurring.pk, data={"active": True}, today=D(2026, 3, 20)
    )
    assert (resumed.state, resumed.next_invoice_date) == ("active", D(2026, 4, 10))


def test_a_template_that_can_no_longer_be_copied_pauses_with_the_reason(owner):
    recurring = _recurring(owner, D(2026, 1, 10))
    Invoice.objects.filter(pk=recurring.invoice_id).update(cancelled=True)
    services.recurring_issue_due(today=D(2026, 1, 10))
    recurring.refresh_from_db()
    assert recurring.state == "paused"
    (period,) = RecurringPeriod.objects.filter(recurring=recurring)
    assert "anulowany dokument" in period.problem  # stored in the language of the run
    assert period.invoice_id is None
    Invoice.objects.filter(pk=recurring.invoice_id).delete()
    services.recurring_update(
        account=owner.account, id=recurring.pk, data={"state": "active"}, today=D(2026, 2, 1)
    )
    services.recurring_issue_due(today=D(2026, 2, 10))
    assert "usunięta" in RecurringPeriod.objects.get(period_date=D(2026, 2, 10)).problem


def test_saving_the_same_values_again_moves_nothing(owner):
    recurring = _recurring(owner, D(2026, 1, 31))
    services.recurring_issue_due(today=D(2026, 1, 31))
    recurring.refresh_from_db()
    assert recurring.next_invoice_date == D(2026, 2, 28)
    same = {
        "name": recurring.name,
        "every": "1m",
        "start_date": D(2026, 1, 31),
        "next_invoice_date": D(2026, 2, 28),
        "state": "active",
    }
    services.recurring_update(
        account=owner.account, id=recurring.pk, data=same, today=D(2026, 2, 2)
    )
    _every_day(D(2026, 2, 2), D(2026, 3, 31))
    assert [sold for _on, sold in _issued(recurring)][1:] == [D(2026, 2, 28), D(2026, 3, 31)]


def test_a_schedule_that_runs_past_the_calendar_finishes_instead_of_failing(owner):
    recurring = _recurring(owner, D(2026, 1, 10))
    # As stored before dates were bounded: the next period would be in year 10000.
    Recurring.objects.filter(pk=recurring.pk).update(
        anchor_date=D(9999, 12, 15), next_step=0, next_invoice_date=D(2026, 1, 10)
    )
    other = _recurring(owner, D(2026, 1, 10))
    services.recurring_issue_due(today=D(2026, 1, 10))  # no exception stops the run
    recurring.refresh_from_db()
    assert (recurring.state, recurring.next_invoice_date) == ("finished", None)
    assert len(_issued(other)) == 1
