"""`faktura serve`: the web server and the task worker as one process group."""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from faktura.accounts import services
from faktura.accounts.urls import account_url

# Access log without the query string: API tokens travel there.
ACCESS_LOG_FORMAT = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'


class Command(BaseCommand):
    help = "Migrate, then run the web server and the task worker until Ctrl-C or SIGTERM."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=settings.FAKTURA_PORT)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self._announce_demo_account()
        web = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
            [
                sys.executable,
                "-m",
                "gunicorn",
                "faktura.wsgi:application",
                "--bind",
                f"{options['host']}:{options['port']}",
                # One worker process with threads: the per-token rate limit and
                # SQLite both work best within a single process.
                "--workers",
                "1",
                "--worker-class",
                "gthread",
                "--threads",
                str(options["threads"]),
                "--access-logfile",
                "-",
                "--access-logformat",
                ACCESS_LOG_FORMAT,
                "--graceful-timeout",
                "10",
            ],
            env=os.environ.copy(),
        )
        worker = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "faktura.cli", "worker"], env=os.environ.copy()
        )
        self.stdout.write(f"Faktura listens on http://{options['host']}:{options['port']}/")
        self._supervise([web, worker])

    def _announce_demo_account(self) -> None:
        created = services.demo_account_bootstrap()
        if created is None:
            return
        membership, password = created
        self.stdout.write(
            "\nCreated the demo account (shown once, note it down):\n"
            f"  panel:     {account_url(membership.account.prefix)}/\n"
            f"  login:     {membership.user.login}\n"
            f"  password:  {password}\n"
            f"  API token: {membership.api_token}\n"
        )

    def _supervise(self, children: list[subprocess.Popen]) -> None:
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        while not stopping and all(child.poll() is None for child in children):
            time.sleep(0.2)
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for child in children:
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        failed = [child.returncode for child in children if child.returncode not in (0, -15)]
        if failed and not stopping:
            raise SystemExit(f"a child process stopped unexpectedly (exit {failed[0]})")
