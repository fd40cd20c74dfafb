"""The `faktura` command: `serve`, `worker`, `migrate`, `create-account`, `invoice-settings`,
and any Django command.

`faktura create-account` is the management command `create_account`,
`faktura invoice-settings` is `invoice_settings`; the others are management
commands too (`serve` and `worker` live in `faktura/runtime`).
"""

import os
import sys

ALIASES = {"create-account": "create_account", "invoice-settings": "invoice_settings"}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "faktura.settings")
    if len(argv) > 1:
        argv[1] = ALIASES.get(argv[1], argv[1])
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
