"""A real terminal for tests: a command on a pseudo-terminal, its output drawn by pyte as a screen would."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import termios
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pyte


class Terminal:
    """Runs `argv` on a pty of `columns` x `lines` in a new session; `screen_text()` is what a user sees."""

    def __init__(self, argv: Sequence[str], *, columns: int = 160, lines: int = 45,
                 env: dict[str, str] | None = None, cwd: Path | None = None) -> None:
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        self.output = bytearray()
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        self.master = master
        self.process = subprocess.Popen(list(argv), stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd,
                                        start_new_session=True, close_fds=True)
        os.close(slave)

    @property
    def pid(self) -> int:
        return self.process.pid

    def _pump(self, wait: float) -> bool:
        """Read what the program wrote within `wait` seconds; False once the pty is closed."""
        ready, _, _ = select.select([self.master], [], [], wait)
        if not ready:
            return True
        try:
            data = os.read(self.master, 65536)
        except OSError:  # EIO: every writer is gone
            return False
        if not data:
            return False
        self.output += data
        self.stream.feed(data)
        return True

    def screen_text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def wait_for(self, condition: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
        """Keep drawing the program's output until `condition()` holds (the timeout only stops a hang)."""
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"{what} never happened; the screen shows:\n{self.screen_text()}")
            if not self._pump(0.1) and self.process.poll() is not None and not condition():
                raise AssertionError(f"the program ended (status {self.process.returncode}) before {what}; "
                                     f"the screen shows:\n{self.screen_text()}")

    def press(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def wait_exit(self, timeout: float = 30.0) -> int:
        deadline = time.monotonic() + timeout
        while self.process.poll() is None:
            if time.monotonic() > deadline:
                raise AssertionError(f"the program did not exit; the screen shows:\n{self.screen_text()}")
            self._pump(0.1)
        while self._pump(0.0) and select.select([self.master], [], [], 0)[0]:
            pass
        return self.process.returncode

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        os.close(self.master)


def session_processes(sid: int) -> list[tuple[int, str]]:
    """(pid, command) of every live process in session `sid` (Linux /proc): what a command left behind."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        state, session = fields[0], int(fields[3])
        if session == sid and state != "Z":
            found.append((int(entry.name), cmdline))
    return found


def wait_until_gone(sid: int, timeout: float = 15.0) -> list[tuple[int, str]]:
    """Wait (bounded) for every process of session `sid` to end; returns those still alive at the deadline."""
    deadline = time.monotonic() + timeout
    left = session_processes(sid)
    while left and time.monotonic() < deadline:
        select.select([], [], [], 0.1)
        left = session_processes(sid)
    return left
