"""The system clipboard by its own tools, where the terminal's (OSC 52) may be ignored.

The dashboard always sends OSC 52 (Textual's copy_to_clipboard): it works over SSH, but many
terminals, and tmux without `set-clipboard on`, ignore it silently. So it also hands the text
to the first clipboard tool the session has, and says which one took it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

TIMEOUT = 3.0  # seconds: xclip and friends fork a server and return at once


def candidates() -> list[list[str]]:
    """Clipboard commands for this session, in the order they are tried."""
    tools: list[list[str]] = []
    if os.environ.get("WAYLAND_DISPLAY"):
        tools.append(["wl-copy"])
    if os.environ.get("DISPLAY"):
        tools += [["xclip", "-selection", "clipboard"], ["xsel", "--clipboard", "--input"]]
    if sys.platform == "darwin":
        tools.append(["pbcopy"])
    if hasattr(os, "uname") and "microsoft" in os.uname().release.lower():
        tools.append(["clip.exe"])  # WSL
    return tools


def copy_with_system_tool(text: str) -> str | None:
    """Give `text` to the first clipboard tool that takes it; its name, or None when none did."""
    for command in candidates():
        if shutil.which(command[0]) is None:
            continue
        try:
            done = subprocess.run(command, input=text.encode("utf-8"), stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, timeout=TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return command[0]
    return None
