"""Headless Chromium driven over the DevTools protocol (aiohttp's websocket client): open a page, read the
terminal textual-serve draws, press keys, take a screenshot. Used by tests/test_serve.py and bench/serve.py.

textual-serve draws the dashboard with xterm.js on a canvas, so its text is not in the DOM. A script
run before the page's own catches the xterm.js Terminal as textual.js stores it (`this.terminal =
new Terminal(...)`, an assignment that meets a setter put on Object.prototype) and reads its
buffer through xterm's public API: what the browser received and parsed, row by row.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import os
import re
import shutil
import subprocess
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp

CHROMIUM = os.environ.get("SPACEWATCH_CHROMIUM", "/usr/bin/chromium")
# A closed network: nothing of Chromium's own may go out (updates, sync, safe browsing, first-run pages).
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps",
         "--remote-debugging-port=0", "--window-size=1280,800")

HOOK = r"""
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true, enumerable: true});
    if (value && value.buffer && value.onWriteParsed) { window.__swTerminal = value; }
  },
});
window.__swScreen = () => {
  const term = window.__swTerminal;
  if (!term) return "";
  const buffer = term.buffer.active, rows = [];
  for (let i = 0; i < term.rows; i++) {
    const line = buffer.getLine(buffer.viewportY + i);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\n");
};
// Resolves with the screen once test(screen) holds, checked whenever xterm.js has parsed new output.
window.__swWaitFor = (source) => new Promise((resolve) => {
  const test = new Function("screen", "return (" + source + ");");
  const check = () => {
    const screen = window.__swScreen();
    if (test(screen)) { resolve(screen); return true; }
    return false;
  };
  const arm = () => {
    if (check()) return;
    const watch = window.__swTerminal.onWriteParsed(() => { if (check()) watch.dispose(); });
  };
  if (window.__swTerminal) { arm(); return; }
  const wait = setInterval(() => { if (window.__swTerminal) { clearInterval(wait); arm(); } }, 10);
});
"""


def chromium_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium)"
    return None


class Page:
    """One browser tab, spoken to over its DevTools websocket."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self._ids = itertools.count(1)

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send a command and wait for its answer (events that arrive meanwhile are skipped)."""
        call_id = next(self._ids)
        await self.ws.send_json({"id": call_id, "method": method, "params": params})
        async for message in self.ws:
            data = json.loads(message.data)
            if data.get("id") == call_id:
                if "error" in data:
                    raise RuntimeError(f"{method}: {data['error']}")
                return dict(data.get("result", {}))
        raise RuntimeError("the browser closed the connection")

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def open(self, url: str) -> None:
        await self.call("Page.enable")
        await self.call("Page.addScriptToEvaluateOnNewDocument", source=HOOK)
        await self.call("Page.navigate", url=url)

    async def screen_when(self, condition: str) -> str:
        """The terminal's text once the JavaScript `condition` (on `screen`, a string) holds."""
        return str(await self.evaluate(f"window.__swWaitFor({json.dumps(condition)})"))

    async def screen(self) -> str:
        return str(await self.evaluate("window.__swScreen()"))

    async def press(self, key: str) -> None:
        """Type one printable key into the terminal, as a keyboard would."""
        await self.evaluate("window.__swTerminal.focus()")
        code = f"Digit{key}" if key.isdigit() else f"Key{key.upper()}"
        common = {"key": key, "code": code, "windowsVirtualKeyCode": ord(key.upper())}
        await self.call("Input.dispatchKeyEvent", type="keyDown", text=key, **common)
        await self.call("Input.dispatchKeyEvent", type="keyUp", **common)

    async def screenshot(self, path: Path) -> None:
        # Two animation frames: what xterm.js has parsed is on the canvas by then, not half drawn.
        await self.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        shot = await self.call("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(shot["data"]))


@asynccontextmanager
async def chromium(profile: Path) -> AsyncIterator[Page]:
    """A headless Chromium with a fresh profile in `profile`, and its first tab; stopped on exit."""
    proc = await asyncio.create_subprocess_exec(
        CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank",
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert proc.stderr is not None
        port = None
        while port is None:  # Chromium says where DevTools listens on its standard error, first thing
            line = await proc.stderr.readline()
            if not line:
                raise RuntimeError(f"Chromium exited ({await proc.wait()}) before DevTools listened")
            found = re.search(rb"DevTools listening on ws://[^:]+:(\d+)/", line)
            port = int(found.group(1)) if found else None
        drain = asyncio.create_task(_drain(proc.stderr))
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/json/list") as answer:
                targets = await answer.json()
            tab = next(t for t in targets if t.get("type") == "page")
            async with session.ws_connect(tab["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                yield Page(ws)
        drain.cancel()
    finally:
        if proc.returncode is None:
            proc.terminate()
            try:
                await asyncio.wait_for(proc.wait(), 10)
            except TimeoutError:
                proc.kill()
                await proc.wait()


async def _drain(stream: asyncio.StreamReader) -> None:
    while await stream.readline():
        pass
