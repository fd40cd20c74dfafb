"""`faktura worker`: the database task queue's worker plus the periodic schedule."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from faktura.runtime.periodic import start_scheduler


class Command(BaseCommand):
    help = "Run background tasks (e-mail, webhooks, …) and the periodic sweeps until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")

    def handle(self, *args, **options):
        stop = None if options["batch"] else start_scheduler()
        try:
            worker_args = ["--no-reload", "--no-startup-delay"]
            if options["batch"]:
                worker_args.append("--batch")
            call_command("db_worker", *worker_args)
        finally:
            if stop is not None:
                stop.set()
