"""`twin daemon start|stop|status|run`: the background service."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from twin.cli import App

__all__ = ["daemon"]

START_TIMEOUT = 180.0
"""Loading the bundled model and warming Chroma on a big store takes a while on a busy laptop."""
STOP_TIMEOUT = 30.0


@click.group()
def daemon() -> None:
    """The background service: watched folders, mail push, enrichment, a warm query API."""


@daemon.command("run")
@click.option("--tcp", is_flag=True, help="Listen on 127.0.0.1 with a token instead of the Unix socket.")
@click.pass_obj
def daemon_run(app: App, tcp: bool) -> None:
    """Run in the foreground (for systemd, launchd and other service managers)."""
    import logging

    from twin.daemon import Daemon
    from twin.service.logs import setup_logging

    setup_logging(app.config.home, logging.INFO)
    Daemon(app.config, transport="tcp" if tcp else None).run()


@daemon.command("start")
@click.option("--tcp", is_flag=True, help="Listen on 127.0.0.1 with a token instead of the Unix socket.")
@click.pass_obj
def daemon_start(app: App, tcp: bool) -> None:
    """Start the daemon in the background and wait until it answers."""
    from twin.client import connect
    from twin.daemon import running_pid

    home = app.config.home
    if (pid := running_pid(home)) is not None:
        click.echo(f"twin daemon already running (pid {pid})")
        return
    (home / "logs").mkdir(parents=True, exist_ok=True)
    out_path = home / "logs" / "daemon.out"
    args = [sys.executable, "-c", "from twin.cli import main; main()", "--home", str(home), "daemon", "run"]
    with open(out_path, "ab") as out:
        child = subprocess.Popen(args + (["--tcp"] if tcp else []), stdin=subprocess.DEVNULL, stdout=out,
                                 stderr=subprocess.STDOUT, start_new_session=True, close_fds=True)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if connect(home) is not None:
            click.echo(f"twin daemon started (pid {child.pid}); log: {home / 'logs' / 'daemon.log'}")
            return
        if child.poll() is not None:
            raise click.ClickException(f"the daemon exited at start: {_tail(out_path)}")
        time.sleep(0.1)
    raise click.ClickException(f"the daemon did not answer within {START_TIMEOUT:.0f} s (pid {child.pid}); "
                               f"see {home / 'logs' / 'daemon.log'}")


@daemon.command("stop")
@click.pass_obj
def daemon_stop(app: App) -> None:
    """Stop the daemon (SIGTERM: it finishes the batch in hand) and wait for it."""
    from twin.daemon import running_pid

    pid = running_pid(app.config.home)
    if pid is None:
        click.echo("twin daemon is not running")
        return
    if pid <= 0:
        raise click.ClickException(f"a daemon holds {app.config.home / 'daemon.lock'} but its pid is unknown")
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    while time.monotonic() < deadline:
        if running_pid(app.config.home) is None:
            click.echo(f"twin daemon stopped (pid {pid})")
            return
        time.sleep(0.1)
    raise click.ClickException(f"the daemon (pid {pid}) did not stop within {STOP_TIMEOUT:.0f} s")


@daemon.command("status")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def daemon_status(app: App, as_json: bool) -> None:
    """Whether the daemon runs, its sources and their state, ingest progress, the last errors."""
    from twin.client import connect
    from twin.daemon import running_pid
    from twin.service.logs import last_errors

    home = app.config.home
    client = connect(home)
    if client is None:
        pid = running_pid(home)
        if as_json:
            click.echo(json.dumps({"running": False, "pid": pid, "log_errors": last_errors(home)}, indent=2))
            return
        click.echo(f"twin daemon is starting or not answering (pid {pid})" if pid else "twin daemon is not running")
        _print_log_errors(home)
        return
    data = client.status()
    if as_json:
        click.echo(json.dumps({"running": True, **data}, ensure_ascii=False, indent=2))
        return
    print_service(data)


def print_service(data: dict[str, Any]) -> None:
    """The daemon's part of `twin daemon status` and `twin status`."""
    info = data["daemon"]
    where = info.get("socket") or f"127.0.0.1:{info.get('port')}"
    click.echo(f"daemon    running, pid {info['pid']}, up {_duration(info['uptime_s'])}, {where}")
    progress = data.get("progress") or {}
    if ingest := progress.get("ingest"):
        total = f"/{ingest['total']}" if ingest.get("total") else ""
        click.echo(f"ingest    {ingest['source']}: {ingest['phase']} {ingest['done']}{total}")
    if enrich := progress.get("enrich"):
        click.echo(f"enrich    {enrich['done']}/{enrich['total']}")
    for name, src in data.get("sources", {}).items():
        last = (src.get("last_sync") or "never")[:19].replace("T", " ")
        errors = f"  {src['errors']} errors" if src.get("errors") else ""
        click.echo(f"  {name:<16} {src['connector']:<9} {src['state']:<9} {src['records']:>7} records"
                   f"  last sync {last}{errors}")
    recent: list[dict[str, str]] = data.get("errors") or []
    if recent:
        click.echo("last errors:")
    for error in recent[-5:]:
        click.echo(f"  {error['time'][:19].replace('T', ' ')}  {error['source']}: {error['message']}")


def _print_log_errors(home: Path) -> None:
    from twin.service.logs import last_errors

    lines = last_errors(home)
    if lines:
        click.echo("last errors in the log:")
    for line in lines:
        click.echo(f"  {line}")


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s"


def _tail(path: Path, lines: int = 3) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return "(no output)"
    return " | ".join(text[-lines:]) or "(no output)"
