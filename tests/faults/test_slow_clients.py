"""Slow clients against the real server: connections that send their headers a byte at a time are closed
after the header deadline, and a normal request is served meanwhile. Bounded: loopback, 60 connections,
a one-second deadline, well under a minute."""

from __future__ import annotations

import socket
import time

import httpx

from tests.e2e.conftest import running_server

SLOW = 60


def test_slow_headers_are_cut_off_and_others_are_served(tmp_path):
    with running_server(tmp_path, ADVISOR_HEADER_TIMEOUT="1", ADVISOR_RATE_LIMIT_PER_MINUTE="0") as server:
        host, port = server.url.removeprefix("http://").split(":")
        slow = []
        for _ in range(SLOW):
            s = socket.create_connection((host, int(port)), timeout=5)
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")  # and never the blank line
            slow.append(s)
        ok = httpx.get(f"{server.url}/healthz", timeout=5)
        assert ok.status_code == 200
        time.sleep(2.5)
        closed = 0
        for s in slow:
            s.settimeout(2)
            try:
                closed += s.recv(1024) == b""  # the server closed it
            except ConnectionResetError:
                closed += 1
            except socket.timeout:
                pass  # still open: the deadline did not work
            finally:
                s.close()
        assert closed == SLOW
        assert httpx.post(f"{server.url}/v1/search", json={"query": "学时"}, timeout=10).status_code == 200


def test_a_body_that_stops_arriving_is_cut_off(tmp_path):
    with running_server(tmp_path, ADVISOR_BODY_TIMEOUT="1", ADVISOR_RATE_LIMIT_PER_MINUTE="0") as server:
        host, port = server.url.removeprefix("http://").split(":")
        s = socket.create_connection((host, int(port)), timeout=10)
        s.sendall(b"POST /v1/search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 1000\r\n\r\n{\"query\": \"")  # and then nothing
        started = time.monotonic()
        reply = s.recv(4096)
        s.close()
        assert b" 408 " in reply.split(b"\r\n")[0] and time.monotonic() - started < 8
        assert httpx.post(f"{server.url}/v1/search", json={"query": "学时"}, timeout=10).status_code == 200
