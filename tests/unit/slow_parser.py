"""A parser that never finishes in time, importable by a spawned child process (see test_ingest_hardening)."""

import time


def slow(path, **_limits):
    time.sleep(30)
    return "never"
