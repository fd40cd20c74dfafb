"""The `faktura` command: `serve`, `worker`, `migrate`, `create-account`, and any Django command.

`faktura create-account` is the management command `create_account`; the
others pass through to Django (`faktura worker` runs the task queue's worker).
"""

import os
import sys

ALIASES = {
    "create-account": "create_account",
    "worker": "db_worker",
}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "faktura.settings")
    if len(argv) > 1:
        argv[1] = ALIASES.get(argv[1], argv[1])
        if argv[1] == "db_worker" and "--reload" not in argv:
            argv.append("--no-reload")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
