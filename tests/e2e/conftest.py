"""The real server in a subprocess (fake embedder, memory vectors, SQLite store in a tmp dir) and Chromium.

Every wait is bounded, and the server is always stopped. Chromium missing is a failure, not a skip:
`make test` installs it, so its absence means the set-up is broken.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from evals.bench.server import rss_mb

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = os.environ.get("ADVISOR_E2E_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                 "--no-first-run", "--disable-component-update", "--disable-sync"]
READY_TIMEOUT = 120.0
BUILD_TIMEOUT = 300.0


@dataclass
class Server:
    """A running server: where it listens, its process, its store, and what start-up measured."""

    url: str
    process: subprocess.Popen
    store: Path
    metrics: dict = field(default_factory=dict)
    log: Path | None = None

    def log_tail(self, chars: int = 3000) -> str:
        """The end of what the server printed, for a failure message."""
        return self.log.read_text(errors="replace")[-chars:] if self.log and self.log.exists() else ""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _advisor_command() -> list[str]:
    script = Path(sys.executable).with_name("advisor")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from assistant.cli import main; main()"]


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@contextmanager
def running_server(tmp: Path, **extra_env: str):
    """Build the index, start `advisor serve` on a free loopback port, wait for /readyz; stop it after."""
    store = tmp / "store.sqlite3"
    env = {**os.environ, "ADVISOR_INDEX_DIR": str(tmp / "indexes"), "ADVISOR_DATA_DIR": str(tmp / "var"),
           "ADVISOR_EMBEDDER": "fake", "ADVISOR_VECTOR_INDEX": "memory", "ADVISOR_STORE": f"sqlite:{store}",
           "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False",
           "PYTHONUNBUFFERED": "1", **extra_env}
    built = subprocess.run([*_advisor_command(), "index", "build"], cwd=ROOT, env=env, capture_output=True,
                           text=True, timeout=BUILD_TIMEOUT)
    assert built.returncode == 0, f"索引构建失败：\n{built.stdout}\n{built.stderr}"
    port = _free_port()
    log = (tmp / "server.log").open("w")
    started = time.monotonic()
    process = subprocess.Popen([*_advisor_command(), "serve", "--host", "127.0.0.1", "--port", str(port),
                                "--no-build"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = started + READY_TIMEOUT
        while True:
            if process.poll() is not None:
                log_text = (tmp / "server.log").read_text()
                pytest.fail(f"服务启动失败（退出码 {process.returncode}）：\n{log_text}")
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"服务 {READY_TIMEOUT:.0f} 秒内未就绪：\n{(tmp / 'server.log').read_text()}")
            time.sleep(0.2)
        metrics = {"ready_seconds": round(time.monotonic() - started, 2),
                   "rss_mb_after_start": rss_mb(process.pid)}
        yield Server(url, process, store, metrics, tmp / "server.log")
    finally:
        _stop(process)
        log.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The open server (no keys) the browser tests use."""
    with running_server(tmp_path_factory.mktemp("e2e-server")) as running:
        yield running
        metrics = running.metrics
        metrics["rss_mb_at_end"] = rss_mb(running.process.pid)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "e2e-metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=2))
        print(f"\n[e2e] 就绪 {metrics['ready_seconds']} s；启动后 RSS {metrics['rss_mb_after_start']} MB；"
              f"结束时 RSS {metrics['rss_mb_at_end']} MB", flush=True)


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory):
    """Headless Debian Chromium with a new empty profile, driven by Playwright (sync API)."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"没有找到 Chromium（{CHROMIUM}）。请运行 `make test`（会安装 chromium 与 "
                    "fonts-wqy-microhei），或手动 `apt-get install -y chromium fonts-wqy-microhei`。")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("没有安装 playwright：请运行 `make install-test`（或 pip install -e '.[test]'）。")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, accept_downloads=True,
            locale="zh-CN", viewport={"width": 1280, "height": 900}, timeout=60_000)
        context.set_default_timeout(30_000)
        try:
            yield context
        finally:
            context.close()
