"""Measured: the side-by-side benchmark (advisor vs a tutorial baseline), load, and a loopback server harness.

Example:
    from evals.bench import run_bench, format_table
    print(format_table(run_bench(quick=True)))
"""

from evals.bench.runner import format_table, run_bench

__all__ = ["run_bench", "format_table"]
