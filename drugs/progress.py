"""A small text progress bar for management commands (no extra dependency)."""

import sys
from typing import TextIO


class ProgressBar:
    def __init__(self, label: str, stream: TextIO | None = None, width: int = 30) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.width = width
        self._last = -1

    def __call__(self, done: int, total: int) -> None:
        if total <= 0:
            return
        percent = int(100 * done / total)
        if percent == self._last and done != total:
            return
        # Without a terminal, print only every 25 % so logs stay short.
        interactive = getattr(self.stream, "isatty", lambda: False)()
        if not interactive and done != total and percent // 25 == self._last // 25:
            self._last = percent
            return
        self._last = percent
        filled = int(self.width * done / total)
        bar = "#" * filled + "-" * (self.width - filled)
        end = "\n" if done >= total else ""
        self.stream.write(f"\r{self.label} [{bar}] {done}/{total} ({percent}%){end}")
        self.stream.flush()
