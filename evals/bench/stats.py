"""Percentiles shared by the benchmark, the load runner and the evaluation suites."""

from __future__ import annotations

__all__ = ["percentile", "latency_summary"]


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..1); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q * len(ordered) + 0.5)) - 1))]


def latency_summary(ms) -> dict[str, float]:
    """{p50, p95, max} of latencies in milliseconds, percentiles interpolated as numpy does."""
    import numpy as np

    lat = np.asarray(ms, dtype=float)
    return {"p50": float(np.percentile(lat, 50)), "p95": float(np.percentile(lat, 95)), "max": float(lat.max())}
