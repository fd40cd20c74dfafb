import pytest
from django_tasks_db.models import DBTaskResult

from faktura.runtime.periodic import SCHEDULE, Periodic, due, enqueue_due

SWEEP = Periodic("faktura.delivery.tasks.retry_due_emails", every=60)


def test_everything_is_due_at_first():
    assert due([SWEEP], {}, now=0.0) == [SWEEP]


def test_an_entry_is_due_again_only_after_its_interval():
    last_run = {SWEEP.task_path: 100.0}
    assert due([SWEEP], last_run, now=159.0) == []
    assert due([SWEEP], last_run, now=160.0) == [SWEEP]


def test_the_schedule_names_importable_tasks():
    from django.utils.module_loading import import_string

    for periodic in SCHEDULE:
        assert hasattr(import_string(periodic.task_path), "enqueue")


@pytest.mark.django_db
def test_enqueue_due_puts_the_task_on_the_queue_once_per_interval():
    last_run: dict[str, float] = {}
    assert enqueue_due([SWEEP], last_run, now=1000.0) == [SWEEP.task_path]
    assert enqueue_due([SWEEP], last_run, now=1030.0) == []
    assert enqueue_due([SWEEP], last_run, now=1060.0) == [SWEEP.task_path]
    queued = DBTaskResult.objects.filter(task_path=SWEEP.task_path)
    assert queued.count() == 2
