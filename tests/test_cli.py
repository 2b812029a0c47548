"""The command line: --config/--db on every command, before or after it; config errors named."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.cli import build_parser, main


@pytest.mark.parametrize("argv", [["--db", "X.db", "feeds"], ["feeds", "--db", "X.db"],
                                  ["--db", "X.db", "fetch"], ["fetch", "--db", "X.db"],
                                  ["--db", "X.db", "quotes"], ["--db", "X.db"]])
def test_db_option_works_before_and_after_the_command(argv: list[str]) -> None:
    args = build_parser().parse_args(argv)
    assert args.db == Path("X.db")


def test_config_given_before_the_command_reaches_it(tmp_path: Path) -> None:
    args = build_parser().parse_args(["--config", str(tmp_path / "c.toml"), "fetch"])
    assert args.config == tmp_path / "c.toml" and args.db is None


def test_a_config_error_names_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "config.toml"
    config.write_text('refresh_interval = "15m"\n\n[[feeds]]\nurl = "ftp://example.org/feed"\n')
    assert main(["--config", str(config), "--db", str(tmp_path / "x.db"), "feeds"]) == 2
    err = capsys.readouterr().err
    assert f"{config}, line 4" in err and "http:// or https://" in err
