"""A recurring invoice ("faktura cykliczna"): a template invoice issued again every period.

`Recurring` holds the definition the API names (`every`, `start_date`, `end_date`,
`issue_working_day_only`, `send_email`, `buyer_email`, `next_invoice_date`) and
where its schedule stands: the schedule's dates are `schedule.nth_date(anchor_date,
every, n)`; `next_step` is the n of the next period. `anchor_date` is the start
date until `next_invoice_date` is set by hand, which starts the schedule again from
that day. `RecurringPeriod` records each period dealt with, issued or skipped, once:
its unique (recurring, period_date) is what makes issuing idempotent.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from faktura.catalog.models.fields import Timestamped

EVERY_ONE = {"d": _("every day"), "w": _("every week"), "m": _("every month"), "y": _("every year")}
EVERY_MANY = {
    "d": _("every %(count)s days"),
    "w": _("every %(count)s weeks"),
    "m": _("every %(count)s months"),
    "y": _("every %(count)s years"),
}


class Recurring(Timestamped):
    class State(models.TextChoices):
        ACTIVE = "active", _("active")
        PAUSED = "paused", _("paused")
        FINISHED = "finished", _("finished")  # past its end date

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE)
    name = models.CharField(max_length=255)
    invoice = models.ForeignKey(
        "invoicing.Invoice", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    every = models.CharField(max_length=10)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    issue_working_day_only = models.BooleanField(default=False)
    send_email = models.BooleanField(default=False)
    buyer_email = models.TextField(blank=True)
    # Missed periods (the server was down) are issued one by one when true, or only the
    # latest of them when false (the others are recorded as skipped).
    catch_up = models.BooleanField(default=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.ACTIVE)
    anchor_date = models.DateField()
    next_step = models.PositiveIntegerField(default=0)
    # The day the next period is issued on: its schedule date, or the working day after.
    next_invoice_date = models.DateField(null=True, blank=True)
    last_invoice_date = models.DateField(null=True, blank=True)
    invoices_count = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["state", "next_invoice_date"])]

    def __str__(self) -> str:
        return self.name

    @property
    def state_label(self) -> str:
        return str(self.State(self.state).label)

    @property
    def every_label(self) -> str:
        return every_label(self.every)


def every_label(every: str) -> str:
    """`every` for people, in the user's language: "every month", "every 3 months"."""
    count, unit = every[:-1], every[-1:]
    if unit not in EVERY_ONE:
        return every
    if count == "1":
        return str(EVERY_ONE[unit])
    return EVERY_MANY[unit] % {"count": count}


class RecurringPeriod(models.Model):
    """One period of a recurring invoice, dealt with once: its invoice, or why none."""

    recurring = models.ForeignKey(Recurring, on_delete=models.CASCADE, related_name="periods")
    period_date = models.DateField()
    invoice = models.ForeignKey(
        "invoicing.Invoice", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    skipped = models.BooleanField(default=False)
    # Why the period has no invoice, or why its e-mail was not queued.
    problem = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recurring", "period_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["recurring", "period_date"], name="recurring_period_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recurring_id}: {self.period_date}"
