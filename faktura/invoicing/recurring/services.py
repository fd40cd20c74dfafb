"""Recurring invoices: their definitions (the API's `/recurrings.json`) and issuing them.

Definitions. `recurring_create` needs `name`, `invoice_id` (the template: one of the
account's documents, not cancelled, not a correction) and `every`; `start_date`
defaults to today. The first period is the schedule's first date on or after the
day the definition is made (dates before it were never due). `recurring_update`
changes what is sent: a different `start_date` or `every` starts the schedule again
from the start date, at its first date that is neither past nor already dealt with;
a different `next_invoice_date` starts it again from that day (as the reference's
update example does); values sent again unchanged move nothing. `state` (or
`active`) pauses and resumes; resuming moves on to the first date from today, so a
pause issues nothing afterwards. Past `end_date` the definition is `finished`.

Issuing. `recurring_issue_due(today)` deals with every active definition whose
`next_invoice_date` has come, each in its own transaction with its row locked:
each period due gets a copy of the template (`copy_invoice_from`) numbered in its
series, issued `today` (the period's day when on time), its sale date the
period's date shifted as the template's was from its issue date, its payment term
the template's in days; and, with `send_email`, the e-mail with the PDF queued in
the same transaction (to `buyer_email`, else the buyer's address). A period is
recorded once (`RecurringPeriod`, unique per date) in the transaction that issues
it, so two workers, a retry after a crash, or a run after days of downtime never
issue a period twice. After downtime every missed period is issued in order when
`catch_up` (the default), or only the latest with the others recorded as skipped.
A template the services refuse now pauses the definition with the reason recorded.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from faktura.accounts.models import Account
from faktura.delivery.invoices import clean_addresses, invoice_send_by_email
from faktura.errors import Invalid
from faktura.invoicing.models import Invoice, InvoicePosition
from faktura.invoicing.recurring import schedule
from faktura.invoicing.recurring.models import Recurring, RecurringPeriod
from faktura.invoicing.services.create import invoice_create
from faktura.tenancy import get_owned, owned_or_error

TEXT_FIELDS = {"name": 255}
DATE_FIELDS = ("start_date", "end_date", "next_invoice_date")
# A schedule's dates stay in this range: earlier would issue decades of invoices at
# once, later would run the schedule past the calendar (year 9999).
FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2999, 12, 31)
FLAGS = ("issue_working_day_only", "send_email", "catch_up")
STATES = (Recurring.State.ACTIVE, Recurring.State.PAUSED)


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def recurring_create(*, account: Account, data: dict, today: dt.date | None = None) -> Recurring:
    """A new definition from the API's `recurring` object (type-checked). Atomic."""
    today = _today(today)
    recurring = Recurring(account=account, start_date=data.get("start_date") or today)
    errors: dict[str, list[str]] = {}
    for field in ("name", "invoice_id", "every"):
        if data.get(field) in (None, ""):
            errors.setdefault(field, []).append(_("can't be blank"))
    _apply(recurring, account, data, errors)
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        _restart(recurring, recurring.start_date, today)
        recurring.save()
    return recurring


def recurring_update(
    *, account: Account, id: int, data: dict, today: dt.date | None = None
) -> Recurring:
    """Change what `data` names (see the module docstring). Atomic, row locked."""
    today = _today(today)
    with transaction.atomic():
        recurring = get_owned(Recurring.objects.select_for_update(), account=account, id=id)
        was_active = recurring.state == Recurring.State.ACTIVE
        schedule_before = (recurring.start_date, recurring.every)
        next_before = recurring.next_invoice_date
        errors: dict[str, list[str]] = {}
        for field in ("name", "every"):
            if field in data and data[field] in (None, ""):
                errors.setdefault(field, []).append(_("can't be blank"))
        if "invoice_id" in data and data["invoice_id"] is None:
            errors.setdefault("invoice_id", []).append(_("can't be blank"))
        _apply(recurring, account, data, errors)
        if errors:
            raise Invalid(errors)
        # A value sent again unchanged (a form saved as it was) moves nothing.
        if data.get("next_invoice_date") not in (None, next_before):
            recurring.anchor_date = data["next_invoice_date"]
            recurring.next_step = 0
            _schedule_next(recurring)
        elif (recurring.start_date, recurring.every) != schedule_before:
            _restart(recurring, recurring.start_date, today)
        elif not was_active and recurring.state == Recurring.State.ACTIVE:
            _restart(recurring, recurring.anchor_date, today)
        else:
            _schedule_next(recurring)
        recurring.save()
    return recurring


def recurring_delete(*, account: Account, id: int) -> None:
    """Delete the definition; the invoices it issued stay. Atomic."""
    with transaction.atomic():
        get_owned(Recurring.objects.select_for_update(), account=account, id=id).delete()


def _apply(recurring: Recurring, account: Account, data: dict, errors: dict) -> None:
    """Take the sent fields onto `recurring`, gathering every problem in `errors`."""
    for field in DATE_FIELDS:
        day = data.get(field)
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            errors.setdefault(field, []).append(
                _("must be between %(first)s and %(last)s")
                % {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()}
            )
    for field, limit in TEXT_FIELDS.items():
        if data.get(field) is not None:
            value = str(data[field]).strip()
            if len(value) > limit:
                errors.setdefault(field, []).append(
                    _("is too long (at most %(max)d characters)") % {"max": limit}
                )
            setattr(recurring, field, value)
    if data.get("invoice_id") is not None:
        template = owned_or_error(Invoice, account, data, "invoice_id", errors)
        if template is not None:
            refusal = template_refusal(template)
            if refusal:
                errors.setdefault("invoice_id", []).append(refusal)
            recurring.invoice = template
    if data.get("every") is not None:
        every = schedule.parse_every(str(data["every"]))
        if every is None:
            errors.setdefault("every", []).append(_("must be %s") % schedule.EVERY_HELP)
        else:
            recurring.every = str(every)
    if data.get("start_date") is not None:
        recurring.start_date = data["start_date"]
    if "end_date" in data:
        recurring.end_date = data["end_date"]
    if recurring.end_date is not None and recurring.end_date < recurring.start_date:
        errors.setdefault("end_date", []).append(_("must be on or after start_date"))
    for flag in FLAGS:
        if data.get(flag) is not None:
            setattr(recurring, flag, data[flag])
    if "buyer_email" in data:
        try:
            text = data["buyer_email"] or ""
            recurring.buyer_email = ", ".join(clean_addresses(text.split(","), field="buyer_email"))
        except Invalid as error:
            for field, reasons in error.errors.items():
                errors.setdefault(field, []).extend(reasons)
    _apply_state(recurring, data, errors)


def _apply_state(recurring: Recurring, data: dict, errors: dict) -> None:
    state = data.get("state")
    if state is None and data.get("active") is not None:
        state = Recurring.State.ACTIVE if data["active"] else Recurring.State.PAUSED
    if state is None:
        return
    if state not in STATES:
        errors.setdefault("state", []).append(_("must be one of: %s") % ", ".join(STATES))
        return
    recurring.state = state


def template_refusal(template: Invoice) -> str | None:
    """Why `template` cannot be copied every period, or None."""
    if template.cancelled:
        return _("a cancelled document cannot be a template")
    if template.positions.exclude(kind=InvoicePosition.Kind.NORMAL).exists():
        return _("a correction cannot be a template")
    return None


def _last_period(recurring: Recurring) -> dt.date | None:
    if recurring.pk is None:
        return None
    last = recurring.periods.order_by("-period_date").first()
    return last.period_date if last else None


def _restart(recurring: Recurring, anchor: dt.date, today: dt.date) -> None:
    """Start the schedule from `anchor` at its first date from today not yet dealt with."""
    every = schedule.parse_every(recurring.every)
    recurring.anchor_date = anchor
    after = today - dt.timedelta(days=1)
    last = _last_period(recurring)
    if last is not None and last > after:
        after = last
    recurring.next_step = schedule.first_step_after(anchor, every, after)
    if recurring.state == Recurring.State.FINISHED:
        recurring.state = Recurring.State.ACTIVE
    _schedule_next(recurring)


def _period_date(recurring: Recurring, step: int) -> dt.date:
    return schedule.nth_date(recurring.anchor_date, schedule.parse_every(recurring.every), step)


def _schedule_next(recurring: Recurring) -> None:
    """`next_invoice_date` from the next step; finished when past the end date."""
    try:
        nominal = _period_date(recurring, recurring.next_step)
    except (ValueError, OverflowError):  # past the calendar's last year
        nominal = None
    if nominal is None or (recurring.end_date is not None and nominal > recurring.end_date):
        recurring.state = Recurring.State.FINISHED
        recurring.next_invoice_date = None
        return
    if recurring.state == Recurring.State.FINISHED:
        recurring.state = Recurring.State.ACTIVE
    recurring.next_invoice_date = schedule.issue_date(
        nominal, working_day_only=recurring.issue_working_day_only
    )


# --- issuing ---------------------------------------------------------------------------


def due_recurrings(today: dt.date):
    return Recurring.objects.filter(
        state=Recurring.State.ACTIVE, next_invoice_date__lte=today
    ).order_by("next_invoice_date", "id")


def recurring_issue_due(*, today: dt.date | None = None) -> list[Invoice]:
    """Issue every period that has come, of every account (the worker's periodic task)."""
    today = _today(today)
    issued = []
    for recurring_id in due_recurrings(today).values_list("pk", flat=True):
        issued.extend(recurring_issue(id=recurring_id, today=today))
    return issued


def recurring_issue(*, id: int, today: dt.date | None = None) -> list[Invoice]:
    """Issue the periods of recurring `id` that have come by `today`. Atomic, row locked."""
    today = _today(today)
    issued = []
    with transaction.atomic():
        recurring = Recurring.objects.select_for_update().filter(pk=id).first()
        while (
            recurring is not None
            and recurring.state == Recurring.State.ACTIVE
            and recurring.next_invoice_date is not None
            and recurring.next_invoice_date <= today
        ):
            invoice = _deal_with_next_period(recurring, today)
            if invoice is not None:
                issued.append(invoice)
            recurring.next_step += 1
            _schedule_next(recurring)
        if recurring is not None:
            recurring.save()
    return issued


def _latest_due(recurring: Recurring, today: dt.date) -> bool:
    """Whether the next period is the last one that has come by `today`."""
    try:
        following = _period_date(recurring, recurring.next_step + 1)
    except (ValueError, OverflowError):  # no later period in the calendar
        return True
    if recurring.end_date is not None and following > recurring.end_date:
        return True
    when = schedule.issue_date(following, working_day_only=recurring.issue_working_day_only)
    return when > today


def _deal_with_next_period(recurring: Recurring, today: dt.date) -> Invoice | None:
    """Issue (or skip) the next period once; None when it gets no invoice."""
    period_date = _period_date(recurring, recurring.next_step)
    period = RecurringPeriod(recurring=recurring, period_date=period_date)
    if not recurring.catch_up and not _latest_due(recurring, today):
        period.skipped = True
        period.problem = _("skipped: a later period was due too (catch-up is off)")
        _record(period)
        return None
    try:
        with transaction.atomic():
            period.save()
            return _issue(recurring, period, today)
    except IntegrityError:
        return None  # this period was dealt with already (by another run)
    except Invalid as error:
        period.problem = _("not issued, the recurring invoice is paused: %s") % _reasons(error)
        _record(period)
        recurring.state = Recurring.State.PAUSED
        return None


def _record(period: RecurringPeriod) -> None:
    period.pk = None  # a save rolled back with its savepoint leaves its id behind
    period._state.adding = True
    try:
        with transaction.atomic():
            period.save()
    except IntegrityError:
        pass  # recorded already


def _issue(recurring: Recurring, period: RecurringPeriod, today: dt.date) -> Invoice:
    template = recurring.invoice
    if template is None:
        raise Invalid.field("invoice_id", _("the template invoice was deleted"))
    refusal = template_refusal(template)
    if refusal:
        raise Invalid.field("invoice_id", refusal)
    data = {
        "copy_invoice_from": template.pk,
        "kind": template.kind,
        "issue_date": today,
        "sell_date": period.period_date + (template.sell_date - template.issue_date)
        if template.sell_date and template.issue_date
        else period.period_date,
    }
    invoice = invoice_create(account=recurring.account, user=None, data=data)
    Invoice.objects.filter(pk=invoice.pk).update(recurring=recurring)
    invoice.recurring = recurring
    period.invoice = invoice
    recurring.last_invoice_date = today
    recurring.invoices_count += 1
    if recurring.send_email:
        period.problem = _queue_email(recurring, invoice)
    period.save(update_fields=["invoice", "problem"])
    return invoice


def _queue_email(recurring: Recurring, invoice: Invoice) -> str:
    """Queue the invoice's e-mail; the reason when it cannot be (the invoice stays)."""
    recipients = [address.strip() for address in recurring.buyer_email.split(",")]
    try:
        with transaction.atomic():
            invoice_send_by_email(
                account=recurring.account,
                id=invoice.pk,
                to=[address for address in recipients if address] or None,
                attach_pdf=True,
            )
    except Invalid as error:
        return _("issued, but not e-mailed: %s") % _reasons(error)
    return ""


def _reasons(error: Invalid) -> str:
    """A refusal's reasons in one line, each after its field: "invoice_id: …; to: …"."""
    return "; ".join(f"{field}: {', '.join(reasons)}" for field, reasons in error.errors.items())
