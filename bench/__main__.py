"""`python -m bench run` (one database, from FAKTURA_DATABASE_URL) or `summary DB…`."""

import argparse
import sys

from bench import config, report
from bench.server import BenchError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="measure the database FAKTURA_DATABASE_URL names")
    summary = commands.add_parser("summary", help="print the runs' results side by side")
    summary.add_argument("databases", nargs="+", help="e.g. sqlite postgresql")
    commands.add_parser("pdf", help="PDF rendering speed against WeasyPrint, and its memory")
    args = parser.parse_args(argv)
    settings = config.load()
    if args.command == "summary":
        return _summary(settings, args.databases)
    if args.command == "pdf":
        from bench import pdf

        return pdf.main(settings.results_dir)
    from bench.run import run

    try:
        run(settings)
    except BenchError as exc:
        print(f"bench failed: {exc}", file=sys.stderr)
        return 1
    return 0


def _summary(settings: config.BenchConfig, databases: list[str]) -> int:
    results = [report.read(settings.results_dir, database) for database in databases]
    missing = [db for db, result in zip(databases, results, strict=True) if result is None]
    if missing:
        print(f"no results for: {', '.join(missing)} in {settings.results_dir}", file=sys.stderr)
        return 1
    print(report.render(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
