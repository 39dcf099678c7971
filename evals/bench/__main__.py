"""`python -m evals.bench [--quick] [--json] [--out FILE]`: the side-by-side benchmark.

Example:
    python -m evals.bench --quick
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from evals.bench.runner import format_table, run_bench


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print the table (or the JSON report)."""
    parser = argparse.ArgumentParser(description="本系统与教程式基线的对照评测")
    parser.add_argument("--quick", action="store_true", help="只取三分之一的题目（两核两分钟内）")
    parser.add_argument("--json", action="store_true", help="输出 JSON")
    parser.add_argument("--out", type=Path, help="同时把 JSON 报告写入该文件")
    args = parser.parse_args(argv)
    report = run_bench(quick=args.quick, progress=None if args.json else lambda m: print(m, file=sys.stderr))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else format_table(report))


if __name__ == "__main__":
    main()
