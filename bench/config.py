"""The benchmark's knobs, read from the environment (defaults fit `make bench`)."""

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BenchConfig:
    invoices: int
    clients: int
    creation_timeout: float
    list_sizes: tuple[int, ...]
    list_requests: int
    results_dir: Path


def _int(name: str, default: int, minimum: int = 1) -> int:
    raw = os.environ.get(name, "").strip()
    value = int(raw) if raw else default
    if value < minimum:
        raise SystemExit(f"{name} must be at least {minimum}, got {value}")
    return value


def _sizes(name: str, default: str) -> tuple[int, ...]:
    raw = os.environ.get(name, "").strip() or default
    sizes = tuple(sorted(int(part.replace("_", "")) for part in raw.split(",") if part.strip()))
    if not sizes or sizes[0] < 1:
        raise SystemExit(f"{name} must be invoice counts separated by commas, got {raw!r}")
    return sizes


def load() -> BenchConfig:
    """BENCH_INVOICES (400) created by BENCH_CLIENTS (8) within BENCH_TIMEOUT s (120);
    BENCH_LIST_SIZES (10000,100000) listed BENCH_LIST_REQUESTS (50) times each;
    results under BENCH_RESULTS_DIR (<temp dir>/faktura-bench)."""
    results = os.environ.get("BENCH_RESULTS_DIR", "").strip()
    return BenchConfig(
        invoices=_int("BENCH_INVOICES", 400),
        clients=_int("BENCH_CLIENTS", 8),
        creation_timeout=float(_int("BENCH_TIMEOUT", 120)),
        list_sizes=_sizes("BENCH_LIST_SIZES", "10000,100000"),
        list_requests=_int("BENCH_LIST_REQUESTS", 50),
        results_dir=Path(results or Path(tempfile.gettempdir()) / "faktura-bench"),
    )
