"""Latency percentiles and throughput."""

import math
from dataclasses import dataclass


def percentile(samples: list[float], pct: float) -> float:
    """The nearest-rank percentile: the smallest sample with `pct` % of samples at or below it."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Latency:
    """Latencies of a series of requests, in milliseconds."""

    count: int
    p50_ms: float
    p99_ms: float
    max_ms: float

    @classmethod
    def of(cls, seconds: list[float]) -> "Latency":
        return cls(
            count=len(seconds),
            p50_ms=round(percentile(seconds, 50) * 1000, 2),
            p99_ms=round(percentile(seconds, 99) * 1000, 2),
            max_ms=round(max(seconds) * 1000, 2),
        )


def per_second(count: int, seconds: float) -> float:
    return round(count / seconds, 1) if seconds > 0 else math.inf
