"""The `twin` command. Heavy imports happen inside the commands, so `twin --help` stays fast."""

from __future__ import annotations

import json
import logging
import os
import sys
import traceback
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from twin.errors import TwinError

if TYPE_CHECKING:
    from collections.abc import Iterator

    from twin.client import DaemonClient
    from twin.config import Config, GeneratorConfig
    from twin.models.embedder import Embedder
    from twin.models.generator import Generator
    from twin.schema import Answer, Hit
    from twin.store import Filters, Store

logger = logging.getLogger("twin")


class App:
    """What every command needs, built on first use from the global options."""

    def __init__(self, home: Path | None) -> None:
        self._home = home
        self._config: Config | None = None
        self._embedder: Embedder | None = None

    @property
    def config(self) -> Config:
        if self._config is None:
            from twin.config import load_config

            self._config = load_config(home=self._home)
        return self._config

    def store(self, *, writer: bool = False) -> Store:
        from twin.store import Store

        return Store(self.config.home, chroma_url=self.config.store.chroma_url, writer=writer)

    def embedder(self) -> Embedder:
        if self._embedder is None:
            from twin.models.embedder import make_embedder

            cfg = self.config.embedder
            self._embedder = make_embedder(cfg.model, batch_size=cfg.batch_size, threads=cfg.threads)
        return self._embedder

    def log_path(self) -> Path:
        try:
            return self.config.home / "logs" / "twin.log"
        except TwinError:
            import tempfile

            return Path(tempfile.gettempdir()) / "twin.log"


class TwinGroup(click.Group):
    """Turns a TwinError into one line and exit 1; anything unexpected goes to the log file."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TwinError as exc:
            raise click.ClickException(str(exc)) from exc
        except (click.exceptions.Exit, click.ClickException, click.Abort, KeyboardInterrupt, BrokenPipeError):
            raise  # a closed pipe (`twin ask … | head`): click ends quietly
        except Exception as exc:
            app = ctx.obj if isinstance(ctx.obj, App) else App(None)
            path = app.log_path()
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "a", encoding="utf-8") as log:
                log.write(f"--- {datetime.now().isoformat()} twin {' '.join(sys.argv[1:])}\n")
                log.write(traceback.format_exc())
            raise click.ClickException(f"unexpected error: {exc!r} (traceback in {path})") from exc


@click.group(cls=TwinGroup, invoke_without_command=True)
@click.option("--home", type=click.Path(path_type=Path), envvar="TWIN_HOME",
              help="Data directory (default: the platform's user data dir; env TWIN_HOME).")
@click.option("-v", "--verbose", is_flag=True, help="Log what happens to stderr.")
@click.option("--debug", is_flag=True, help="Log everything to stderr.")
@click.version_option(package_name="twin", prog_name="twin")
@click.pass_context
def cli(ctx: click.Context, home: Path | None, verbose: bool, debug: bool) -> None:
    """twin: a personal digital twin on your own machine, answering with sources."""
    level = logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    if not debug:
        for noisy in ("chromadb", "sentence_transformers", "transformers", "httpx"):
            logging.getLogger(noisy).setLevel(logging.ERROR)
    if home is not None:
        # Connectors (the transcript cache) and child processes see the same home.
        os.environ["TWIN_HOME"] = str(home)
    ctx.obj = App(home)
    if ctx.invoked_subcommand is None:
        # Plain `twin`: the terminal UI when a person is at a terminal, the help otherwise.
        if sys.stdin.isatty() and sys.stdout.isatty():
            from tui.cli import run_tui

            run_tui(ctx)
        else:
            click.echo(ctx.get_help())


def _filters(since: str | None, until: str | None, sources: tuple[str, ...], person: str | None) -> Filters:
    from retrieval.timefilter import parse_bound
    from twin.store import Filters

    return Filters(
        since=parse_bound(since, end=False) if since else None,
        until=parse_bound(until, end=True) if until else None,
        sources=tuple(sources),
        person=person or "",
    )


def filter_options(func: Any) -> Any:
    for option in reversed([
        click.option("--since", help="Only from this date on (2026-04-02, 2026-04, 2026, 7d, today)."),
        click.option("--until", help="Only up to this date, inclusive (2026-04 means to the end of April)."),
        click.option("--person", help="Only where this person is author or participant."),
        click.option("--source", "sources", multiple=True, help="Only from this source (repeatable)."),
        click.option("--json", "as_json", is_flag=True, help="Print JSON (the contract in DESIGN.md)."),
    ]):
        func = option(func)
    return func


# -- ingest ------------------------------------------------------------------------------


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--connector", help="Read with this connector instead of detecting one (see `twin connectors`).")
@click.option("--source", help="Source name for what is read (default: the connector's name).")
@click.pass_obj
def ingest(app: App, paths: tuple[Path, ...], connector: str | None, source: str | None) -> None:
    """Import files, folders and exports once; re-running adds only what changed."""
    from twin.cli_progress import run_ingest

    if not connector and not source and (client := _daemon(app, False)) is not None:
        queued = client.ingest(list(paths))["queued"]  # the daemon is the writer: it imports them
        click.echo(f"the daemon is importing {len(queued)} path{'s' if len(queued) != 1 else ''};"
                   " `twin status` shows the progress", err=True)
        return
    summary = run_ingest(app, list(paths), connector=connector, source=source)
    click.echo(summary.line(), err=True)


@cli.command()
@click.argument("names", nargs=-1)
@click.pass_obj
def sync(app: App, names: tuple[str, ...]) -> None:
    """Bring configured sources (all, or those named) up to date."""
    from twin.cli_progress import run_ingest

    if (client := _daemon(app, False)) is not None:  # the daemon is the writer: it syncs
        queued = client.sync(names)["queued"]
        click.echo(f"the daemon is syncing {', '.join(queued) or 'nothing'}; `twin status` shows progress", err=True)
        return
    with app.store() as store:
        configured = {s.name: s for s in store.catalog.sources()}
    unknown = [n for n in names if n not in configured]
    if unknown:
        raise click.ClickException(f"no source named {unknown[0]!r} (see `twin sources list`)")
    if not configured:
        raise click.ClickException("no sources configured: add one with `twin sources add`")
    chosen = [configured[n] for n in names] if names else list(configured.values())
    summary = run_ingest(app, [], sync=chosen)
    click.echo(summary.line(), err=True)


@cli.group()
def sources() -> None:
    """Sources kept in sync: IMAP accounts, folders."""


@sources.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def sources_list(app: App, as_json: bool) -> None:
    """The configured sources."""
    with app.store() as store:
        configured = store.catalog.sources()
        counts = {name: info.get("records", 0) for name, info in store.catalog.stats()["sources"].items()}
    rows = [{"name": s.name, "connector": s.connector, "path": str(s.path) if s.path else None,
             "options": dict(s.options), "records": counts.get(s.name, 0)} for s in configured]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        where = row["path"] or f"{row['options'].get('user')}@{row['options'].get('host')}"
        click.echo(f"{row['name']:<16} {row['connector']:<10} {where}  ({row['records']} records)")


@sources.command("add")
@click.argument("connector")
@click.argument("name")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--host", help="IMAP server.")
@click.option("--port", type=int, help="Default: 993 with tls, 143 otherwise.")
@click.option("--security", type=click.Choice(["tls", "starttls", "none"]), default="tls", show_default=True)
@click.option("--user", help="IMAP user name.")
@click.option("--password-env", help="Read the password from this environment variable (else: the system keyring).")
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin and keep it in the system keyring.")
@click.option("--folder", "folders", multiple=True, help="Only these folders (repeatable; default: all).")
@click.option("--exclude", multiple=True, help="Not these folders (repeatable).")
@click.option("--ca-file", type=click.Path(exists=True, dir_okay=False), help="Trust this CA (a self-signed server).")
@click.option("--no-check", is_flag=True, help="Do not try to log in now.")
@click.pass_obj
def sources_add(app: App, connector: str, name: str, path: Path | None, host: str | None, port: int | None,
                security: str, user: str | None, password_env: str | None, password_stdin: bool,
                folders: tuple[str, ...], exclude: tuple[str, ...], ca_file: str | None, no_check: bool) -> None:
    """Add a source: `imap NAME --host H --user U`, or `CONNECTOR NAME PATH` (a folder, an export)."""
    from twin.plugins import Registry
    from twin.schema import Source

    Registry().get(connector)  # an unknown connector is an error now, not at the first sync
    options: dict[str, Any] = {}
    if connector == "imap":
        if not host or not user:
            raise click.UsageError("an imap source needs --host and --user")
        options = {"host": host, "port": port, "security": security, "user": user,
                   "folders": list(folders), "exclude": list(exclude)}
        if ca_file:
            options["ca_file"] = str(Path(ca_file).resolve())
        if password_env:
            options["password_env"] = password_env
        else:
            _keep_password(name, password_stdin)
    elif path is None:
        raise click.UsageError(f"a {connector} source needs a PATH")
    source = Source(name, connector, path.expanduser().resolve() if path else None, options)
    if connector != "imap" and path is not None and (client := _daemon(app, False)) is not None:
        added = client.add_folder(path, name=name, connector=connector)  # the daemon is the writer
        click.echo(f"added {connector} source {added.get('name', name)}; the daemon is reading and watching it")
        return
    if connector == "imap" and not no_check:
        from connectors.imap import check_login

        check_login(source)
    with app.store(writer=True) as store:
        store.catalog.add_source(source)
    click.echo(f"added {connector} source {name}; `twin sync {name}` reads it")


def _keep_password(name: str, from_stdin: bool) -> None:
    from twin.secrets import store_password

    if from_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt(f"password for {name}", hide_input=True)
    store_password(name, password)


@sources.command("remove")
@click.argument("name")
@click.option("--forget", "forget_records", is_flag=True, help="Also forget every record it brought.")
@click.pass_obj
def sources_remove(app: App, name: str, forget_records: bool) -> None:
    """Stop syncing a source (its records stay unless --forget)."""
    with app.store(writer=True) as store:
        if not store.catalog.remove_source(name):
            raise click.ClickException(f"no source named {name!r}")
        n = store.forget(store.catalog.record_ids(source=name)) if forget_records else 0
    click.echo(f"removed source {name}" + (f" and forgot {n} records" if forget_records else ""))


# -- search and ask ------------------------------------------------------------------------


now_option = click.option("--now", "now_text", metavar="DATE",
                          help="Read time words in the question as of this date (reproducible runs).")


no_daemon_option = click.option("--no-daemon", is_flag=True,
                                help="Work in this process even when the daemon runs (env TWIN_NO_DAEMON=1).")


def _daemon(app: App, no_daemon: bool) -> DaemonClient | None:
    """The running daemon's client (warm models, answers in milliseconds), else None: in-process."""
    if no_daemon or os.environ.get("TWIN_NO_DAEMON", "") not in ("", "0"):
        return None
    from twin.client import connect

    return connect(app.config.home)


def _filter_dict(since: str | None, until: str | None, sources: tuple[str, ...], person: str | None) -> dict[str, Any]:
    return {"since": since, "until": until, "person": person, "sources": list(sources)}


@cli.command()
@click.argument("query")
@click.option("--k", type=click.IntRange(1, 1000), default=None,
              help="Number of hits (default: 10, more while they hold under 500 words).")
@click.option("--mode", type=click.Choice(["fused", "dense", "lexical"]), default="fused",
              help="Rank by meaning and words fused (default), or one of them alone.")
@now_option
@filter_options
@no_daemon_option
@click.pass_obj
def search(app: App, query: str, k: int | None, mode: str, now_text: str | None, since: str | None,
           until: str | None, person: str | None, sources: tuple[str, ...], as_json: bool, no_daemon: bool) -> None:
    """Hybrid (meaning + words) search over everything ingested."""
    filters = _filter_dict(since, until, sources, person)
    client = _daemon(app, no_daemon)
    if client is not None:
        data = client.search(query, k=k, filters=filters, now=now_text, mode=mode)
    else:
        from retrieval import Searcher
        from twin.service.queries import make_filters, parse_now, search_json

        parsed = make_filters(filters)
        with app.store() as store:
            data = search_json(Searcher(store, app.embedder(), app.config.search), query, k=k, filters=parsed,
                               now=parse_now(now_text), mode=mode)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from twin.schema import Hit

    _print_understood_json(data)
    if not data["hits"]:
        click.echo("No hits.")
    for n, hit in enumerate(data["hits"], 1):
        _print_hit(n, Hit.from_json(hit), snippet=True)


@cli.command()
@click.argument("question")
@click.option("--generator", "generator_kind", type=click.Choice(["local", "remote", "none"]),
              help="Write the answer with the local model, a remote endpoint, or quote (none); "
                   "default: [generator] kind in the config.")
@now_option
@filter_options
@no_daemon_option
@click.pass_obj
def ask(app: App, question: str, generator_kind: str | None, now_text: str | None, since: str | None,
        until: str | None, person: str | None, sources: tuple[str, ...], as_json: bool, no_daemon: bool) -> None:
    """Answer a question from your records, citing them."""
    filters = _filter_dict(since, until, sources, person)
    client = _daemon(app, no_daemon)
    if client is not None:
        _print_ask(client.ask_stream(question, filters=filters, now=now_text, generator=generator_kind), as_json)
        return
    from retrieval import Answerer, Searcher
    from twin.service.queries import ask_events, generator_config, make_filters, parse_now

    parsed, now = make_filters(filters), parse_now(now_text)
    config = generator_config(app.config.generator, generator_kind)
    with app.store() as store:
        answerer = Answerer(Searcher(store, app.embedder(), app.config.search))
        _print_ask(ask_events(answerer, question, filters=parsed, now=now, config=config, home=app.config.home,
                              min_similarity=app.config.search.min_similarity,
                              generators=lambda cfg: (_make_generator(app, cfg), None)), as_json)


def _make_generator(app: App, config: GeneratorConfig) -> Generator | None:
    from twin.models.generator import make_generator

    return make_generator(config, app.config.home)


def _print_ask(events: Iterator[dict[str, Any]], as_json: bool) -> None:
    """`twin ask`'s output from its events, the same whether the daemon or this process answers:
    the reading of the question (stderr), the answer as it is written, then its citations."""
    from twin.schema import Answer

    streamed = False
    final: dict[str, Any] = {}
    for event in events:
        if "understood" in event and not as_json:
            _print_understood_json(event["understood"])
        if "token" in event:
            if event["token"] and not as_json:
                click.echo(event["token"], nl=False)
                streamed = True
        elif "warning" in event:
            click.secho(event["warning"], fg="yellow", err=True)
        elif "answer" in event:
            final = event
    if not final:
        raise TwinError("the answer stopped before it was complete")
    if as_json:
        click.echo(json.dumps(final["answer"], ensure_ascii=False, indent=2))
        return
    answer = Answer.from_json(final["answer"])
    if streamed:
        click.echo()
    if streamed and not final.get("replaced"):
        _print_citations(answer)
    else:
        print_answer(answer)


def _print_understood_json(data: dict[str, Any]) -> None:
    """One dim line of what the question was read as, so a wrong reading is visible."""
    parts = []
    time_range = data.get("time_range")
    if time_range is not None:
        # A question of what happened then is answered from that time's records (repeating
        # calendar entries too), whatever the search found in it.
        searched_all = not time_range.get("applied") and data.get("intent") != "period"
        parts.append(f"time: {time_range['label']}" + (" (no records then; searched all)" if searched_all else ""))
    if data.get("people"):
        parts.append("people: " + ", ".join(data["people"]))
    if parts:
        click.echo(click.style("(" + "; ".join(parts) + ")", dim=True), err=True)


def print_answer(answer: Answer) -> None:
    click.echo(answer.text)
    _print_citations(answer)


def _print_citations(answer: Answer) -> None:
    if answer.citations:
        click.echo()
    for n, hit in enumerate(answer.citations, 1):
        _print_hit(n, hit, snippet=False)


def _print_hit(n: int, hit: Hit, *, snippet: bool) -> None:
    when = hit.timestamp.strftime("%Y-%m-%d")
    people = f" · {', '.join(hit.participants)}" if hit.participants else ""
    click.echo(f"[{n}] {when} {hit.kind} · {hit.title}{people}  ({hit.source})")
    if snippet:
        text = " ".join(hit.text.split())
        click.echo(f"    {text[:240]}{'…' if len(text) > 240 else ''}")
    click.echo(click.style(f"    {hit.location}", dim=True))


# -- the store -----------------------------------------------------------------------------


@cli.command()
@click.option("--record", "records", multiple=True, help="A record id (repeatable).")
@click.option("--source", help="Every record of this source.")
@click.pass_obj
def forget(app: App, records: tuple[str, ...], source: str | None) -> None:
    """Remove records from the catalog, the text index and the vectors."""
    if not records and not source:
        raise click.UsageError("name --record ID or --source NAME")
    with app.store(writer=True) as store:
        ids = list(records)
        if source:
            ids += store.catalog.record_ids(source=source)
        known = set(store.catalog.hashes(ids))
        missing = [i for i in records if i not in known]
        n = store.forget(sorted(known))
        if n:
            store.catalog.people.rebuild()
    for record_id in missing:
        click.echo(f"no record {record_id}", err=True)
    click.echo(f"forgot {n} record{'s' if n != 1 else ''}")
    if missing and not n:
        sys.exit(1)


@cli.command()
@click.pass_obj
def reindex(app: App) -> None:
    """Rebuild the vector index from the catalog (after a model change or a lost index)."""
    from twin.cli_progress import embedding_progress

    with app.store(writer=True) as store, embedding_progress(store.catalog.stats()["chunks"]) as advance:
        n = store.reindex(app.embedder(), progress=advance)
    click.echo(f"reindexed {n} chunks with {app.embedder().name}")


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@no_daemon_option
@click.pass_obj
def status(app: App, as_json: bool, no_daemon: bool) -> None:
    """What the store holds, per source; with the daemon running, its sources' state too."""
    client = _daemon(app, no_daemon)
    service = client.status() if client is not None else None
    if service is not None:
        stats = service["store"]
    else:
        from twin.service.queries import store_status

        with app.store() as store:
            stats = store_status(store, app.config.home)
    if as_json:
        if service is not None:  # the store's dict as without the daemon, plus the daemon's view
            stats = {**stats, "daemon": {key: value for key, value in service.items() if key != "store"}}
        click.echo(json.dumps(stats, indent=2))
        return
    click.echo(f"home      {stats['home']}")
    click.echo(f"records   {stats['records']}   chunks {stats['chunks']}   vectors {stats['vectors']}"
               f" ({stats['embedder'] or 'none yet'})")
    if stats["pending_vectors"]:
        click.echo(f"pending   {stats['pending_vectors']} chunks await embedding (next ingest finishes them)")
    if (enriched := stats.get("enrichment") or {}).get("enriched"):
        rejected = sum(enriched["rejected"].values())
        click.echo(f"enriched  {enriched['enriched']} chunks: {enriched['summaries']} summaries,"
                   f" {enriched['questions']} questions, {enriched['rated']} rated; {rejected} pieces rejected;"
                   f" {enriched['waiting']} chunks to go (`twin enrich`)")
    for name, info in stats["sources"].items():
        click.echo(f"  {name:<16} {info.get('records', 0):>7} records {info.get('chunks', 0):>7} chunks"
                   f"  {info.get('first', '')[:10]} .. {info.get('last', '')[:10]}")
    if service is not None:
        from twin.cli_daemon import print_service

        print_service(service)


@cli.command()
@click.option("--limit", type=int, default=100, show_default=True)
@filter_options
@click.pass_obj
def timeline(app: App, limit: int, since: str | None, until: str | None, person: str | None,
             sources: tuple[str, ...], as_json: bool) -> None:
    """Records in time order."""
    filters = _filters(since, until, sources, person)
    with app.store() as store:
        if person:
            filters = replace(filters, aliases=store.catalog.people.aliases_of(person))
        rows = store.catalog.timeline(filters, limit)
    if as_json:
        click.echo(json.dumps({"records": rows}, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(f"{row['timestamp'][:16].replace('T', ' ')}  {row['kind']:<8} {row['title']}  ({row['source']})")


# -- people --------------------------------------------------------------------------------


@cli.group()
def people() -> None:
    """The people in your records: names, addresses and numbers grouped across sources."""


@people.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def people_list(app: App, as_json: bool) -> None:
    """Everyone, most present first, with every alias; "you" marks who "I" is in questions
    (`[search] me`, or the person the most people write to)."""
    with app.store() as store:
        everyone = store.catalog.people.everyone()
        me = store.catalog.people.me(app.config.search.me)
    you = next((p.id for p in everyone if p.name == me), None)
    if app.config.search.me and you is None:
        click.echo(f'[search] me = "{app.config.search.me}" is no one, or more than one, in your records: use a full'
                   " name or an address from this list", err=True)
    if as_json:
        click.echo(json.dumps({"people": [{**p.to_json(), "you": p.id == you} for p in everyone]},
                              ensure_ascii=False, indent=2))
        return
    for person in everyone:
        others = [a for a in person.aliases if a != person.name]
        click.echo(f"{person.id:>4}  {person.name}  ({person.records} records){'  (you)' if person.id == you else ''}"
                   + (f"\n      also: {'; '.join(others)}" if others else ""))


@people.command("merge")
@click.argument("first")
@click.argument("second")
@click.pass_obj
def people_merge(app: App, first: str, second: str) -> None:
    """Make two people one (by name, alias or address); kept across re-ingests."""
    with app.store(writer=True) as store:
        store.catalog.people.merge(first, second)
        merged = store.catalog.people.aliases_of(first)
    click.echo(f"merged: {'; '.join(merged)}")


@people.command("split")
@click.argument("alias")
@click.pass_obj
def people_split(app: App, alias: str) -> None:
    """Take one alias out of the person it was grouped into."""
    with app.store(writer=True) as store:
        store.catalog.people.split(alias)
    click.echo(f"{alias} is now a person of its own")


@cli.command()
@click.option("--json", "as_json", is_flag=True)
def connectors(as_json: bool) -> None:
    """The connectors found through the `twin.connectors` entry points."""
    from twin.plugins import Registry

    infos = Registry().infos()
    if as_json:
        click.echo(json.dumps([info.__dict__ for info in infos], indent=2))
        return
    for info in infos:
        click.echo(f"{info.name:<12} {info.value}  ({info.package})")


@cli.group()
def config() -> None:
    """The configuration file."""


@config.command("path")
def config_path_cmd() -> None:
    """Print where the config file is (it need not exist)."""
    from twin.config import config_path

    click.echo(str(config_path()))


@cli.command()
@click.option("--data", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="The demo corpus (default: data/ of this checkout).")
@click.option("--home", "demo_home", type=click.Path(path_type=Path),
              help="Where to build the demo store (default: a new temporary folder).")
@click.pass_obj
def demo(app: App, data: Path | None, demo_home: Path | None) -> None:
    """Ingest the bundled demo corpus into a throwaway home and answer its questions."""
    from twin.demo import run_demo

    run_demo(app, data, demo_home)


def _add_commands() -> None:
    """Commands that live in their own modules (imported lazily inside them)."""
    from tui.cli import tui_command
    from twin.cli_daemon import daemon
    from twin.cli_enrich import add_enrich_commands
    from twin.cli_eval import eval_command
    from twin.record import record

    cli.add_command(record)
    cli.add_command(eval_command)
    cli.add_command(daemon)
    cli.add_command(tui_command)
    add_enrich_commands(cli)


_add_commands()


def main() -> None:
    cli(prog_name="twin")
