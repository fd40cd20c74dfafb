"""Targets, the results table and the JSON files the runs leave behind.

A run's result is a plain dict (it goes to JSON as it is):
`database`, `version`, `finished_at`, `cpus`, `load_average`, `config`, `creation`,
`baseline`, `stock_documents`, `events`, `listing` (one entry per size), `listing_growth` and
`targets`.
"""

import json
from pathlib import Path

# The targets on a 2-core machine. Missing one is reported, not a failure.
CREATION_PER_SECOND = 250.0  # on PostgreSQL
LISTING_P50_MS = 25.0
# "Flat": the p50 at the largest size at most this many times the smallest size's.
FLAT_GROWTH = 1.25


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def evaluate(result: dict) -> dict:
    """The targets that apply to `result`, each {target, value, verdict}, by name."""
    targets = {}
    if result["database"] == "postgresql":
        value = result["creation"]["per_second"]
        targets["creation"] = {
            "target": f">= {CREATION_PER_SECOND:g} invoices/s",
            "value": value,
            "verdict": _verdict(value >= CREATION_PER_SECOND),
        }
    for listing in result["listing"]:
        value = listing["latency"]["p50_ms"]
        targets[f"listing_{listing['invoices']}"] = {
            "target": f"p50 <= {LISTING_P50_MS:g} ms",
            "value": value,
            "verdict": _verdict(value <= LISTING_P50_MS),
        }
    if result["listing_growth"] is not None:
        value = result["listing_growth"]
        targets["listing_flat"] = {
            "target": f"p50 growth <= {FLAT_GROWTH:g}x",
            "value": value,
            "verdict": _verdict(value <= FLAT_GROWTH),
        }
    return targets


def listing_growth(listing: list[dict]) -> float | None:
    """p50 at the largest size / p50 at the smallest (None with a single size)."""
    if len(listing) < 2:
        return None
    return round(listing[-1]["latency"]["p50_ms"] / listing[0]["latency"]["p50_ms"], 2)


def results_path(results_dir: Path, database: str) -> Path:
    return results_dir / f"results-{database}.json"


def write(result: dict, results_dir: Path) -> Path:
    results_dir.mkdir(parents=True, exist_ok=True)
    path = results_path(results_dir, result["database"])
    path.write_text(json.dumps(result, indent=2) + "\n")
    return path


def read(results_dir: Path, database: str) -> dict | None:
    path = results_path(results_dir, database)
    return json.loads(path.read_text()) if path.exists() else None


def _tagged(result: dict, name: str, text: str) -> str:
    target = result["targets"].get(name)
    return f"{text} {target['verdict']}" if target else text


def _rows(result: dict) -> list[tuple[str, str, str]]:
    """(measurement, value, target) lines for one run."""
    creation, baseline = result["creation"], result["baseline"]
    clients = creation["clients"]
    rows = [
        (
            f"create over HTTP ({clients} client{'s' if clients > 1 else ''}), invoices/s",
            _tagged(result, "creation", f"{creation['per_second']:.1f}"),
            f">= {CREATION_PER_SECOND:g} (PostgreSQL)",
        ),
        (
            "  latency p50 / p99, ms",
            f"{creation['latency']['p50_ms']:.1f} / {creation['latency']['p99_ms']:.1f}",
            "",
        ),
        ("plain SQL baseline, invoices/s", f"{baseline['per_second']:.1f}", ""),
        ("  HTTP / baseline", f"{baseline['http_ratio']:.3f}", ""),
    ]
    events = result.get("events")
    if events is not None:
        rows += [
            ("webhook events delivered (1 worker), per s", f"{events['per_second']:.1f}", ""),
            (
                "  commit to delivery p50 / p99, ms",
                f"{events['delay']['p50_ms']:.1f} / {events['delay']['p99_ms']:.1f}",
                "",
            ),
        ]
    stock = result.get("stock_documents")
    if stock is not None:
        rows += [
            (
                f"WZ documents over HTTP ({stock['clients']} clients, same products), per s",
                f"{stock['per_second']:.1f}",
                "",
            ),
            (
                "  latency p50 / p99, ms",
                f"{stock['latency']['p50_ms']:.1f} / {stock['latency']['p99_ms']:.1f}",
                "",
            ),
        ]
    for listing in result["listing"]:
        latency = listing["latency"]
        rows.append(
            (
                f"list 100 of {_count(listing['invoices'])}, p50 / p99 ms",
                _tagged(
                    result,
                    f"listing_{listing['invoices']}",
                    f"{latency['p50_ms']:.1f} / {latency['p99_ms']:.1f}",
                ),
                f"p50 <= {LISTING_P50_MS:g}",
            )
        )
    if result["listing_growth"] is not None:
        rows.append(
            (
                "  p50 largest / smallest",
                _tagged(result, "listing_flat", f"{result['listing_growth']:.2f}x"),
                f"<= {FLAT_GROWTH:g}x (flat)",
            )
        )
    return rows


def render(results: list[dict]) -> str:
    """The runs side by side: one value column per database."""
    per_run = [_rows(result) for result in results]
    labels = [label for label, _, _ in per_run[0]]
    targets = [target for _, _, target in per_run[0]]
    header = ["measurement", *(result["database"] for result in results), "target"]
    lines = [
        [label, *(rows[i][1] for rows in per_run), targets[i]] for i, label in enumerate(labels)
    ]
    widths = [max(len(row[col]) for row in [header, *lines]) for col in range(len(header))]
    text = [_line(header, widths), _line(["-" * width for width in widths], widths)]
    text += [_line(row, widths) for row in lines]
    for result in results:
        before, after = result["load_average"]
        text.append(
            f"{result['database']}: {result['version']}, {result['finished_at']}, "
            f"{result['cpus']} CPUs, load {before:.2f} -> {after:.2f}"
        )
    return "\n".join(text)


def _count(number: int) -> str:
    return f"{number:,}".replace(",", " ")


def _line(cells: list[str], widths: list[int]) -> str:
    return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()
