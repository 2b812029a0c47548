"""Alert rules: which newly stored statements match an `[[alerts]]` rule, and firing them.

Firing means a notification (the dashboard's toast, a line of `fetch --watch`), the terminal bell,
and the rule's optional command, run by the shell with the statement as JSON on stdin (the object
documented in README.md ("Data") plus "alert": the rule's name) and SPACEWATCH_* variables in its
environment. A command that fails or hangs is stopped after a time limit and reported; it never
holds up polling. Only statements new to the store fire, and only the first copy of a quote:
the same quote from another outlet, a re-fetch or a re-extraction never fires again.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ..dedupe import quote_tokens
from ..ingest.html_text import clean_line
from ..models import AlertRule, StatementView, WriteSummary
from .citations import citation
from .exports import statement_record, web_link
from .volume import SpikeAlert, find_spike_alerts

if TYPE_CHECKING:
    from ..store import Store

COMMAND_TIMEOUT = 15.0  # seconds a rule's command may run before it is stopped
MAX_PER_REFRESH = 20  # alerts fired one by one per refresh; the rest are counted in one line
_PARALLEL = 4

Notify = Callable[[str, bool], None]  # (message, is_error)


@dataclass(frozen=True, slots=True)
class Alert:
    """A rule that fired on a statement, and what became of its command."""

    rule: AlertRule
    statement: StatementView
    error: str | None = None  # the command's failure as a sentence; None if it ran fine or there is none

    @property
    def message(self) -> str:
        """One line for a notification: the rule's name and the citation, without control characters."""
        return clean_line(f"{self.rule.name}: {citation(self.statement)}")


def _phrase_in(phrase: list[str], words: list[str]) -> bool:
    n = len(phrase)
    return n > 0 and any(words[i:i + n] == phrase for i in range(len(words) - n + 1))


def rule_matches(rule: AlertRule, view: StatementView) -> bool:
    """Every condition the rule sets must hold; `words` fire on any one of them (a word or a phrase).

    Actor: the same actor, any case. Speaker: part of the speaker's name, any case. Words are
    compared as words (any case, punctuation ignored), so "ISS" does not fire on "missile".
    """
    if rule.spike:
        return False  # a volume rule: it fires on a day, not on a statement (fire_spike_alerts)
    if rule.key_only and not view.is_key:
        return False
    if rule.actor and (view.actor or "").casefold() != rule.actor.casefold():
        return False
    if rule.speaker:
        wanted = rule.speaker.casefold()
        if not any(wanted in (name or "").casefold() for name in (view.speaker, view.speaker_as_written)):
            return False
    if rule.words:
        words = quote_tokens(view.quote)
        if not any(_phrase_in(quote_tokens(w), words) for w in rule.words):
            return False
    return True


def find_alerts(rules: Sequence[AlertRule], views: Iterable[StatementView]) -> list[Alert]:
    """(rule, statement) pairs that fire, in the order of the statements given."""
    return [Alert(rule, v) for v in views for rule in rules if rule_matches(rule, v)]


def new_statements(store: Store, summaries: Iterable[WriteSummary]) -> list[StatementView]:
    """Statements a refresh stored that are new to the store: first copies only, newest first."""
    ids = [i for s in summaries for i in s.new_statement_ids]
    if not ids:
        return []
    views = store.statements_by_ids(ids)
    fresh = [v for v in views if v.cluster_id is None or v.cluster_id == v.id]
    return sorted(fresh, key=lambda v: (v.published is not None, v.published, v.id), reverse=True)


def command_payload(alert: Alert) -> bytes:
    record = statement_record(alert.statement)
    record["alert"] = alert.rule.name
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")  # one line: `cat >> x.jsonl` works


def command_env(alert: Alert) -> dict[str, str]:
    """The statement in environment variables too, for one-line commands (notify-send "$SPACEWATCH_CITATION")."""
    v = alert.statement
    extra = {"SPACEWATCH_ALERT": alert.rule.name, "SPACEWATCH_QUOTE": v.quote, "SPACEWATCH_SPEAKER": v.speaker or "",
             "SPACEWATCH_ACTOR": v.actor or "", "SPACEWATCH_OUTLET": v.outlet or "",
             "SPACEWATCH_LINK": web_link(v) or "", "SPACEWATCH_CITATION": citation(v)}
    return {**os.environ, **{k: val.replace("\x00", "") for k, val in extra.items()}}


def run_command(command: str, payload: bytes, *, timeout: float = COMMAND_TIMEOUT,
                env: dict[str, str] | None = None) -> str | None:
    """Run a shell command with `payload` on stdin; None if it exited 0, else what went wrong.

    The command gets its own process group so that a hang is stopped whole (the shell and
    whatever it started) when the time limit passes.
    """
    posix = os.name == "posix"
    try:
        proc = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, env=env, start_new_session=posix)
    except OSError as exc:
        return f"could not start: {exc.strerror or exc}"
    try:
        _, err = proc.communicate(payload, timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            if posix:
                os.killpg(proc.pid, signal.SIGKILL)
            else:
                proc.kill()
        except ProcessLookupError:
            pass
        try:
            proc.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            pass  # something outside its group holds the pipe; it is dead to us
        return f"did not finish within {timeout:g} s and was stopped"
    if proc.returncode != 0:
        last = [line for line in err.decode("utf-8", "replace").splitlines() if line.strip()]
        detail = f": {clean_line(last[-1])[:200]}" if last else ""
        how = f"was killed by signal {-proc.returncode}" if proc.returncode < 0 else \
            f"exited with status {proc.returncode}"
        return how + detail
    return None


def _fire_one(alert: Alert, timeout: float) -> Alert:
    if not alert.rule.command:
        return alert
    error = run_command(alert.rule.command, command_payload(alert), timeout=timeout, env=command_env(alert))
    return Alert(alert.rule, alert.statement, error)


def fire_alerts(store: Store, rules: Sequence[AlertRule], summaries: Iterable[WriteSummary], *,
                notify: Notify | None = None, bell: Callable[[], None] | None = None,
                timeout: float = COMMAND_TIMEOUT, limit: int = MAX_PER_REFRESH,
                now: datetime | None = None) -> list[Alert | SpikeAlert]:
    """Fire the alerts for what one refresh stored; call it after every refresh (dashboard, --watch).

    `store` is the feeds.store.Store the refresh wrote to; `summaries` what refresh_all returned.
    `notify(message, is_error)` is called once per alert fired and once per failed command;
    `bell()` once if any fired rule wants the bell. Commands run (a few at a time) with a time
    limit of `timeout` seconds each, so this blocks at most a little over `timeout` per four
    commands: call it from a worker thread in a UI. Beyond `limit` alerts in one refresh (the
    first refresh of a new database) the rest are counted in one notification, without commands.
    Never raises for a command's failure; returns the alerts fired, with their errors.
    Rules with `spike = true` fire too, once per actor and day of unusual volume (fire_spike_alerts;
    `now`: the clock, for which day is today).
    """
    if not rules:
        return []
    summaries = list(summaries)
    spikes = fire_spike_alerts(store, rules, summaries, now=now, notify=notify, bell=bell, timeout=timeout)
    alerts = find_alerts(rules, new_statements(store, summaries))
    if not alerts:
        return list(spikes)
    fired, skipped = alerts[:limit], alerts[limit:]
    with ThreadPoolExecutor(max_workers=_PARALLEL, thread_name_prefix="spacewatch-alert") as pool:
        done = list(pool.map(lambda a: _fire_one(a, timeout), fired))
    for alert in done:
        if notify is not None:
            notify(alert.message, False)
            if alert.error:
                notify(clean_line(f"alert {alert.rule.name!r}: command {alert.error}"), True)
    if skipped and notify is not None:
        notify(f"{len(skipped)} more statements matched alerts (see `spacewatch quotes`); "
               "their commands were not run", False)
    if bell is not None and any(a.rule.bell for a in done) and not any(a.rule.bell for a in spikes):
        bell()
    return [*spikes, *done]


def fire_spike_alerts(store: Store, rules: Sequence[AlertRule], summaries: Sequence[WriteSummary], *,
                      now: datetime | None = None, notify: Notify | None = None,
                      bell: Callable[[], None] | None = None, timeout: float = COMMAND_TIMEOUT) -> list[SpikeAlert]:
    """Spike rules: a notification, the bell and the command for each actor's new day of unusual
    volume (today or yesterday), once per rule, actor and day. The command reads the spike as
    one line of JSON ({"alert", "spike": true, "actor", "day", "count", "threshold"}) with
    SPACEWATCH_ALERT, SPACEWATCH_ACTOR, SPACEWATCH_DAY and SPACEWATCH_COUNT in its environment."""
    found = find_spike_alerts(store, rules, summaries, now or datetime.now(UTC))
    done: list[SpikeAlert] = []
    for spike in found:
        error = None
        if spike.rule.command:
            env = {**os.environ, "SPACEWATCH_ALERT": spike.rule.name.replace("\x00", ""),
                   "SPACEWATCH_ACTOR": spike.actor.replace("\x00", ""),
                   "SPACEWATCH_DAY": spike.day.day.isoformat(), "SPACEWATCH_COUNT": str(spike.day.count)}
            payload = (json.dumps(spike.record(), ensure_ascii=False) + "\n").encode("utf-8")
            error = run_command(spike.rule.command, payload, timeout=timeout, env=env)
        done.append(replace(spike, error=error))
        if notify is not None:
            notify(clean_line(spike.message), False)
            if error:
                notify(clean_line(f"alert {spike.rule.name!r}: command {error}"), True)
    if bell is not None and any(s.rule.bell for s in done):
        bell()
    return done
