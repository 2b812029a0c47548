"""`spacewatch extract`: plain text or JSON lines in, one JSON line per article out; bad lines named."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import main

REPO = Path(__file__).resolve().parent.parent
CONFIG = REPO / "config.toml"

ARTICLE = ("Roscosmos head Dmitry Bakanov spoke on Tuesday.\n\n"
           "“The first module will fly in 2027,” Bakanov said. “The money is there.”")


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def run_cli(monkeypatch, capsys, args: list[str], stdin: bytes | None = None) -> tuple[int, list[dict], str]:
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", _Stdin(stdin))
    code = main(["extract", "--config", str(CONFIG), *args])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines() if line.strip()], err


def test_plain_text_from_a_file(monkeypatch, capsys, tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    code, out, err = run_cli(monkeypatch, capsys, [str(path), "--title", "Bakanov on the new station"])
    assert code == 0 and err == ""
    [record] = out
    assert record["id"] == str(path)
    [q] = record["quotes"]
    assert q["quote"] == "The first module will fly in 2027, The money is there."
    assert (q["speaker"], q["actor"], q["speaker_as_written"]) == ("Dmitry Bakanov", "Roscosmos", "Bakanov")
    assert ARTICLE[q["start"]:q["end"]].startswith("The first module") and q["paragraph"] == 1
    assert isinstance(q["key"], bool) and q["reasons"] and q["lang"] == "en"
    assert record["mentions"] == ["Roscosmos"]


def test_plain_text_from_stdin(monkeypatch, capsys):
    code, out, _ = run_cli(monkeypatch, capsys, [], stdin=ARTICLE.encode())
    assert code == 0 and out[0]["id"] is None and len(out[0]["quotes"]) == 1


def test_jsonl_keeps_going_past_bad_lines(monkeypatch, capsys):
    lines = [
        json.dumps({"id": "a", "title": "t", "text": ARTICLE}).encode(),
        b"{not json",
        b"\xff\xfe not utf-8",
        json.dumps({"id": "b"}).encode(),
        b"",
        json.dumps({"id": "c", "text": "“We go,” Bill Nelson said."}, ensure_ascii=False).encode(),
    ]
    code, out, err = run_cli(monkeypatch, capsys, ["--jsonl"], stdin=b"\n".join(lines) + b"\n")
    assert code == 1
    assert [r["id"] for r in out] == ["a", "c"]
    assert out[1]["quotes"][0]["speaker"] == "Bill Nelson"
    assert "line 2: invalid JSON" in err
    assert "line 3: not UTF-8" in err
    assert "line 4: expected an object with a \"text\" string" in err


def test_a_non_utf8_file_is_refused_with_its_line(monkeypatch, capsys, tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("first line\n\"Caf\xe9,\" he said.".encode("latin-1"))
    code, out, err = run_cli(monkeypatch, capsys, [str(path)])
    assert code == 1 and out == [] and "line 2: not UTF-8" in err


def test_a_missing_file(monkeypatch, capsys, tmp_path):
    code, out, err = run_cli(monkeypatch, capsys, [str(tmp_path / "nope.txt")])
    assert code == 1 and out == [] and "nope.txt" in err


@pytest.mark.parametrize("flag", ["--help"])
def test_the_command_is_registered(capsys, flag):
    with pytest.raises(SystemExit):
        main(["extract", flag])
    assert "--jsonl" in capsys.readouterr().out


def test_the_installed_command_runs_as_a_module():
    proc = subprocess.run([sys.executable, "-m", "tui.cli", "extract", "--jsonl", "--config", str(CONFIG)],
                          input=json.dumps({"id": 1, "text": ARTICLE}) + "\n", capture_output=True, text=True,
                          cwd=REPO, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["quotes"][0]["actor"] == "Roscosmos"
