"""Show what the build is doing: a live status line on a terminal, plain lines elsewhere.

Logs of CI runs and ``make`` output piped to a file must stay readable, so the live display is
used only when the stream is a terminal and ``CI`` is unset; ``TERM=dumb`` also gets lines.
"""

from __future__ import annotations

import os
import shutil
import time
from typing import TextIO

__all__ = ["LiveProgress", "PlainProgress", "make_progress"]


class PlainProgress:
    """One line per event; the base that :class:`LiveProgress` refines."""

    def __init__(self, stream: TextIO, total: int, clock=time.monotonic) -> None:
        self.stream = stream
        self.total = total
        self.clock = clock
        self.running: dict[str, float] = {}
        self.done = 0
        self.failed = 0

    def _emit(self, line: str) -> None:
        self.stream.write(line + "\n")
        self.stream.flush()

    def start(self, name: str, reason: str = "") -> None:
        """A notebook was handed to a worker."""
        self.running[name] = self.clock()
        self._emit(f"start {name}" + (f" ({reason})" if reason else ""))

    def finish(self, name: str, seconds: float, error: str | None = None) -> None:
        """A notebook ended; ``error`` is the one-line failure description."""
        self.running.pop(name, None)
        if error is None:
            self.done += 1
            self._emit(f"done {name} {seconds:.1f}s")
        else:
            self.failed += 1
            self._emit(f"FAILED {name} {seconds:.1f}s: {error}")

    def note(self, line: str) -> None:
        """Any other message that belongs with the progress output."""
        self._emit(line)

    def tick(self) -> None:
        """Called a few times a second while notebooks run; plain lines have nothing to do."""

    def close(self) -> None:
        """The build is over."""


class LiveProgress(PlainProgress):
    """Finished notebooks scroll by as lines; one status line below them is redrawn in place."""

    def __init__(self, stream: TextIO, total: int, clock=time.monotonic) -> None:
        super().__init__(stream, total, clock)
        self._shown = ""  # the status line now on screen, "" when none

    def _clear(self) -> None:
        if self._shown:
            self.stream.write("\r\x1b[2K")
            self._shown = ""

    def _emit(self, line: str) -> None:
        self._clear()
        self.stream.write(line + "\n")
        self._draw()

    def status(self) -> str:
        """``[1/4 done, 0 failed] running: a.ipynb 3s, b.ipynb 1s``."""
        now = self.clock()
        running = ", ".join(f"{n} {now - t:.0f}s" for n, t in sorted(self.running.items()))
        head = f"[{self.done}/{self.total} done, {self.failed} failed]"
        return f"{head} running: {running}" if running else head

    def _draw(self) -> None:
        width = shutil.get_terminal_size((100, 20)).columns
        line = self.status()
        if len(line) > width - 1:  # a wrapped line could not be redrawn in place
            line = line[: max(width - 2, 1)] + "…"
        if line != self._shown:
            self.stream.write("\r\x1b[2K" + line)
            self.stream.flush()
            self._shown = line

    def tick(self) -> None:
        self._draw()

    def close(self) -> None:
        self._clear()
        self.stream.flush()


def make_progress(stream: TextIO, total: int) -> PlainProgress:
    """The display that suits ``stream``: live on an interactive terminal, lines otherwise."""
    isatty = getattr(stream, "isatty", lambda: False)()
    plain = os.environ.get("CI") or os.environ.get("TERM") == "dumb"
    return LiveProgress(stream, total) if isatty and not plain else PlainProgress(stream, total)
