"""Real server processes on loopback for load, fault, attack and scale-out runs: advisor serve, chroma run.

Example:
    env = server_env(tmp, embedder="fake", vector_index="memory", store=f"sqlite:{tmp / 'db.sqlite3'}")
    build_index_cli(env)
    with AdvisorServer(env) as server:
        httpx.post(server.url + "/v1/ask", json={"question": "北京线上要学多少学时"})
"""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

__all__ = ["AdvisorServer", "rss_mb", "ChromaServer", "PostgresServer", "postgres_binaries", "ServerFailed",
           "build_index_cli", "free_port", "server_env", "BIN"]

BIN = Path(sys.executable).parent
LOOPBACK = "127.0.0.1"


class ServerFailed(RuntimeError):
    """A server process exited or did not become ready in time; the message carries its log tail."""


def _ephemeral_floor() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def rss_mb(pid: int) -> float | None:
    """Resident memory of a process in MB (Linux /proc), or None."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def free_port() -> int:
    """A TCP port free on loopback now, below the ephemeral range: a client connection's source port (and
    another process asking the OS for any port) cannot take it in the seconds before the server binds it."""
    floor = _ephemeral_floor()
    rng = random.SystemRandom()
    for _ in range(50):
        port = rng.randrange(max(1025, floor - 12000), floor)
        with socket.socket() as s:
            try:
                s.bind((LOOPBACK, port))
            except OSError:
                continue
            return port
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def server_env(tmp: Path, **settings: str | int | Path | None) -> dict[str, str]:
    """The process environment for an advisor in `tmp`: ADVISOR_* from keyword settings, offline switches set.

    Keys are Settings field names (index_dir, embedder, vector_index, store, data_dir, chroma_url, …); the
    index and data folders default to tmp/indexes and tmp/var, rate limiting to effectively off.
    """
    values: dict = {"index_dir": tmp / "indexes", "data_dir": tmp / "var", "rate_limit_per_minute": 1_000_000}
    values.update(settings)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    env.update({f"ADVISOR_{k.upper()}": str(v) for k, v in values.items() if v is not None})
    env.update({"GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
                "ANONYMIZED_TELEMETRY": "False", "OMP_NUM_THREADS": env.get("OMP_NUM_THREADS", "2"),
                "PYTHONUNBUFFERED": "1"})
    return env


def build_index_cli(env: dict[str, str], timeout: float = 300, cwd: Path | None = None) -> dict:
    """`advisor index build --json` in a subprocess; its JSON report (raises with the output on failure)."""
    import json

    proc = subprocess.run([str(BIN / "advisor"), "index", "build", "--json"], env=env, cwd=cwd or _cwd(env),
                          capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        output = proc.stdout[-2000:] + proc.stderr[-2000:]
        raise ServerFailed(f"advisor index build 失败（{proc.returncode}）：{output}")
    return json.loads(proc.stdout)


def _cwd(env: dict[str, str]) -> Path:
    # Not the repository: a developer's .env there must not leak into a measured server.
    path = Path(env.get("ADVISOR_DATA_DIR", "/tmp"))
    path.mkdir(parents=True, exist_ok=True)
    return path


class _Process:
    """A child process with its output in a log file; killed (by its own pid only) on exit."""

    def __init__(self, argv: list[str], env: dict[str, str], log: Path, cwd: Path) -> None:
        self.argv, self.env, self.log_path, self.cwd = argv, env, log, cwd
        self.proc: subprocess.Popen | None = None

    def spawn(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(self.argv, env=self.env, cwd=self.cwd, stdout=log,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log_tail(self, n: int = 3000) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-n:]
        except OSError:
            return ""

    def kill(self) -> None:
        """SIGKILL, as a power cut or the OOM killer would: no clean-up runs in the child."""
        if self.alive():
            os.kill(self.pid, signal.SIGKILL)
        if self.proc is not None:
            self.proc.wait(timeout=10)

    def stop(self, grace: float = 5.0) -> None:
        """SIGTERM, then SIGKILL if it has not gone after `grace` seconds."""
        if self.alive():
            self.proc.terminate()
            try:
                self.proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                self.kill()


class AdvisorServer(_Process):
    """`advisor serve --no-build` on a loopback port; `start()` returns once /readyz answers 200."""

    def __init__(self, env: dict[str, str], port: int | None = None, log: Path | None = None,
                 workers: int = 1) -> None:
        self.port = port or free_port()
        self.workers = workers
        cwd = _cwd(env)
        argv = [str(BIN / "advisor"), "serve", "--host", LOOPBACK, "--port", str(self.port), "--no-build"]
        if workers > 1:
            argv += ["--workers", str(workers)]
        super().__init__(argv, env, log or cwd / f"server-{self.port}.log", cwd)

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def start(self, timeout: float = 60.0, ready: bool = True) -> "AdvisorServer":
        """Spawn and wait until ready (or, with ready=False, until it answers /healthz); raises ServerFailed
        with the log tail otherwise."""
        self.spawn()
        return self.wait_ready(timeout, ready)

    def wait_ready(self, timeout: float = 60.0, ready: bool = True) -> "AdvisorServer":
        """Wait for a spawned server as `start` does."""
        deadline = time.monotonic() + timeout
        # Several workers share the port and each loads on its own: ready when a run of fresh connections (each
        # may reach any worker) all say so.
        needed, run = (1 if self.workers <= 1 else 6 * self.workers), 0
        while time.monotonic() < deadline:
            if not self.alive():
                raise ServerFailed(f"服务进程已退出（{self.proc.returncode}）：{self.log_tail()}")
            try:
                with httpx.Client(timeout=2.0) as client:
                    r = client.get(self.url + ("/readyz" if ready else "/healthz"))
                run = run + 1 if r.status_code == 200 else 0
                if run >= needed:
                    return self
                if r.status_code == 200:
                    continue
            except httpx.HTTPError:
                run = 0
            time.sleep(0.2)
        self.kill()
        raise ServerFailed(f"服务 {timeout:.0f} 秒内未就绪：{self.log_tail()}")

    def __enter__(self) -> "AdvisorServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class ChromaServer(_Process):
    """`chroma run --path DIR` on a loopback port (the CLI ships with chromadb; it needs no network)."""

    def __init__(self, path: Path, port: int | None = None, log: Path | None = None) -> None:
        self.port = port or free_port()
        path.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "ANONYMIZED_TELEMETRY": "False", "NO_COLOR": "1"}
        super().__init__([str(BIN / "chroma"), "run", "--path", str(path), "--host", LOOPBACK, "--port",
                          str(self.port)], env, log or path.parent / f"chroma-{self.port}.log", path.parent)

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def start(self, timeout: float = 30.0) -> "ChromaServer":
        """Spawn and wait for the heartbeat."""
        self.spawn()
        deadline = time.monotonic() + timeout
        with httpx.Client(timeout=2.0) as client:
            while time.monotonic() < deadline:
                if not self.alive():
                    raise ServerFailed(f"chroma 已退出（{self.proc.returncode}）：{self.log_tail()}")
                try:
                    if client.get(self.url + "/api/v2/heartbeat").status_code == 200:
                        return self
                except httpx.HTTPError:
                    pass
                time.sleep(0.2)
        self.kill()
        raise ServerFailed(f"chroma {timeout:.0f} 秒内未就绪：{self.log_tail()}")

    def __enter__(self) -> "ChromaServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def postgres_binaries() -> Path | None:
    """The folder of Debian's PostgreSQL programs (initdb, pg_ctl), newest version first; None when absent."""
    import glob
    import shutil

    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True):
        if (Path(folder) / "initdb").exists():
            return Path(folder)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


class PostgresServer:
    """A throw-away PostgreSQL cluster in `path` on a loopback port (trust authentication, no fsync: test data).

    PostgreSQL refuses to run as root; as root the cluster belongs to the `postgres` user that Debian's package
    creates, and its programs run through `runuser`. `start()` raises ServerFailed with the reason when the
    programs or that user are missing, so a test can skip with it.
    """

    def __init__(self, path: Path, port: int | None = None) -> None:
        self.path = Path(path)
        self.port = port or free_port()
        self.bin = postgres_binaries()
        self.data = self.path / "data"
        self.log = self.path / "postgres.log"

    @property
    def url(self) -> str:
        return f"postgresql://postgres@{LOOPBACK}:{self.port}/postgres"

    def _run(self, argv: list[str], timeout: float) -> subprocess.CompletedProcess:
        if os.geteuid() == 0:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, cwd=self.path)

    def start(self, timeout: float = 60.0) -> "PostgresServer":
        if self.bin is None:
            raise ServerFailed("未安装 PostgreSQL（Debian 软件包 postgresql；make test 会安装）")
        self.path.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            import pwd

            try:
                user = pwd.getpwnam("postgres")
            except KeyError:
                raise ServerFailed("以 root 运行时需要 postgres 用户（由 Debian 的 postgresql 软件包创建）") from None
            os.chown(self.path, user.pw_uid, user.pw_gid)
        if not (self.data / "PG_VERSION").exists():
            done = self._run([str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
                              "-E", "UTF8", "--no-sync", "--locale=C"], timeout)
            if done.returncode != 0:
                raise ServerFailed(f"initdb 失败：{done.stderr[-800:]}")
        # fsync off: a killed server still keeps every commit (they are in the system's cache); only a machine
        # crash could lose them, which a test does not simulate.
        options = f"-p {self.port} -k {self.path} -c listen_addresses={LOOPBACK} -c fsync=off"
        done = self._run([str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.log),
                          "-w", "-t", str(int(timeout)), "start"], timeout + 10)
        if done.returncode != 0:
            raise ServerFailed(f"PostgreSQL 启动失败：{done.stderr[-400:]} {self._log_tail()}")
        return self

    def stop(self, mode: str = "fast") -> None:
        if self.bin is not None and (self.data / "postmaster.pid").exists():
            self._run([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop"], 40)

    def _log_tail(self) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-800:]
        except OSError:
            return ""

    def __enter__(self) -> "PostgresServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
