"""Who may call: named API keys (one per school or integration, revocable) and UI accounts.

Keys come from two places: settings (`ADVISOR_API_KEY` as the key named "default", `ADVISOR_API_KEYS` as
"name:key,name:key") and the key file `var/api_keys.json`, which `advisor keys add|list|revoke` manages and which
holds only SHA-256 digests. The file is re-read when it changes, so a revoked key stops working without a
restart.

Example:
    ring = KeyRing.from_settings(settings)
    name = ring.identify(token)     # "school-a", or None when the token is unknown or revoked
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["KeyRing", "KeyFileError", "token_of", "parse_pairs", "NAME_PATTERN"]

NAME_PATTERN = r"^[A-Za-z0-9_\-\u4e00-\u9fff]{1,40}$"


class KeyFileError(ValueError):
    """The key file cannot be read or a key command got a bad name."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def parse_pairs(text: str | None, what: str) -> dict[str, str]:
    """'name:secret,name:secret' → {name: secret}; a malformed entry is an error naming it, not ignored."""
    out: dict[str, str] = {}
    for item in (text or "").split(","):
        item = item.strip()
        if not item:
            continue
        name, sep, secret = item.partition(":")
        if not sep or not re.match(NAME_PATTERN, name.strip()) or len(secret.strip()) < 8:
            raise KeyFileError(f"{what} 的格式应为 名称:密钥（密钥至少 8 位），多项用逗号分隔；无法读取：{name.strip()!r}")
        out[name.strip()] = secret.strip()
    return out


def token_of(headers) -> tuple[str | None, bool]:
    """The credential a request carries (Authorization: Bearer, or X-API-Key), and whether a malformed
    Authorization header was sent."""
    auth = headers.get("authorization")
    if auth:
        scheme, _, value = auth.strip().partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip(), False
        if not headers.get("x-api-key"):
            return None, True
    key = headers.get("x-api-key")
    return (key.strip() or None) if key else None, False


@dataclass(frozen=True)
class _Entry:
    name: str
    digest: str
    created: float
    revoked: bool = False


class KeyRing:
    """Named keys, compared by digest in constant time."""

    def __init__(self, static: dict[str, str] | None = None, path: Path | None = None) -> None:
        self._static = {name: _digest(secret) for name, secret in (static or {}).items()}
        self.path = path
        self._lock = threading.Lock()
        self._mtime: tuple | None = None
        self._file: list[_Entry] = []

    @classmethod
    def from_settings(cls, settings) -> "KeyRing":
        static = parse_pairs(settings.api_keys.get_secret_value() if settings.api_keys else None, "ADVISOR_API_KEYS")
        if settings.api_key is not None and settings.api_key.get_secret_value():
            static.setdefault("default", settings.api_key.get_secret_value())
        return cls(static, Path(settings.data_dir) / "api_keys.json")

    # -- reading -----------------------------------------------------------------------------------------
    def _entries(self) -> list[_Entry]:
        if self.path is None:
            return []
        try:
            st = self.path.stat()
            mtime = (st.st_mtime_ns, st.st_size, st.st_ino)  # every write replaces the file: a new inode
        except FileNotFoundError:
            self._file, self._mtime = [], None
            return []
        with self._lock:
            if mtime != self._mtime:
                self._file, self._mtime = self._load(), mtime
            return self._file

    def _load(self) -> list[_Entry]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return [_Entry(e["name"], e["sha256"], float(e.get("created", 0)), bool(e.get("revoked", False)))
                    for e in data["keys"]]
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise KeyFileError(f"密钥文件 {self.path.name} 无法读取（{type(e).__name__}）；"
                               "请用 advisor keys list 检查，或删除后重新添加") from e

    def configured(self) -> bool:
        """Whether the door is locked: any key in settings, or a key file with any entry. Revoking the last
        key keeps it locked (to open the API to everyone again, delete the key file on purpose)."""
        return bool(self._static) or bool(self._entries())

    def identify(self, token: str | None) -> str | None:
        """The name of the key this token is, or None."""
        if not token:
            return None
        digest = _digest(token)
        found = None
        for name, known in self._static.items():
            if hmac.compare_digest(digest, known):
                found = name
        for entry in self._entries():
            if not entry.revoked and hmac.compare_digest(digest, entry.digest):
                found = entry.name
        return found

    def names(self) -> list[dict]:
        """Every key by name, never its secret."""
        out = [{"name": n, "source": "settings", "revoked": False} for n in self._static]
        out += [{"name": e.name, "source": "file", "revoked": e.revoked,
                 "created": time.strftime("%Y-%m-%d %H:%M", time.localtime(e.created))} for e in self._entries()]
        return out

    # -- managing the key file ---------------------------------------------------------------------------
    def _write(self, entries: list[_Entry]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        body = {"keys": [{"name": e.name, "sha256": e.digest, "created": e.created, "revoked": e.revoked}
                         for e in entries]}
        tmp.write_text(json.dumps(body, ensure_ascii=False, indent=1), encoding="utf-8")
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.path)  # a crash mid-write leaves the old file whole

    def add(self, name: str) -> str:
        """A new key under this name; the secret is returned once and stored only as a digest."""
        if not re.match(NAME_PATTERN, name or ""):
            raise KeyFileError("密钥名称只能由字母、数字、汉字、- 和 _ 组成（1–40 个字符）")
        entries = self._entries()
        if name in self._static or any(e.name == name and not e.revoked for e in entries):
            raise KeyFileError(f"已有名为 {name} 的密钥；先吊销它，或换一个名称")
        secret = "sk-" + secrets.token_urlsafe(32)
        self._write([e for e in entries if e.name != name] + [_Entry(name, _digest(secret), time.time())])
        return secret

    def revoke(self, name: str) -> None:
        """Revoke a key of the key file; keys from settings are removed from the settings instead."""
        entries = self._entries()
        if not any(e.name == name and not e.revoked for e in entries):
            where = "（它来自环境变量，请从 ADVISOR_API_KEYS / ADVISOR_API_KEY 中删去）" if name in self._static else ""
            raise KeyFileError(f"没有可吊销的密钥：{name}{where}")
        self._write([_Entry(e.name, e.digest, e.created, True) if e.name == name else e for e in entries])
