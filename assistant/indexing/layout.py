"""Where built indexes live: build folders, a CURRENT pointer switched atomically, the vector cache."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

__all__ = ["IndexLayout"]


class IndexLayout:
    """indexes/CURRENT names the live build-* folder; replacing CURRENT is the one atomic step of a build."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.cache_dir = self.root / "cache"
        self.pointer = self.root / "CURRENT"

    def current(self) -> Path | None:
        """The live build folder, or None when nothing was ever built (or the pointer is dangling)."""
        try:
            name = self.pointer.read_text(encoding="utf-8").strip()
        except (FileNotFoundError, UnicodeDecodeError):
            return None
        if not name.startswith("build-") or "/" in name:
            return None
        path = self.root / name
        return path if path.is_dir() else None

    def switch_to(self, name: str) -> None:
        """Point CURRENT at a finished build: write a temporary file, fsync it, rename over the old one."""
        tmp = self.root / f".CURRENT.{os.getpid()}"
        with tmp.open("w", encoding="utf-8") as f:
            f.write(name + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.pointer)

    def prune(self, keep: str, also: str | None = None) -> None:
        """Remove older builds and leftovers of crashed ones; `also` (the build that was current until now) stays,
        so a server still reading it keeps working until it reloads."""
        for p in self.root.iterdir():
            if p.is_dir() and p.name not in (keep, also) and (p.name.startswith("build-") or p.name.startswith(".tmp-")):
                shutil.rmtree(p, ignore_errors=True)

    def lock(self, timeout: float = 1800):
        """The lock one builder holds while it builds: others wait, then find the index fresh."""
        from filelock import FileLock

        self.root.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self.root / ".build.lock"), timeout=timeout)
