"""The `twin` command. Heavy imports happen inside the commands, so `twin --help` stays fast."""

from __future__ import annotations

import json
import logging
import sys
import traceback
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from twin.errors import TwinError

if TYPE_CHECKING:
    from twin.config import Config
    from twin.models.embedder import Embedder
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
        except (click.exceptions.Exit, click.ClickException, click.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            app = ctx.obj if isinstance(ctx.obj, App) else App(None)
            path = app.log_path()
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "a", encoding="utf-8") as log:
                log.write(f"--- {datetime.now().isoformat()} twin {' '.join(sys.argv[1:])}\n")
                log.write(traceback.format_exc())
            raise click.ClickException(f"unexpected error: {exc!r} (traceback in {path})") from exc


@click.group(cls=TwinGroup)
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
    ctx.obj = App(home)


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

    summary = run_ingest(app, list(paths), connector=connector, source=source)
    click.echo(summary.line(), err=True)


# -- search and ask ------------------------------------------------------------------------


@cli.command()
@click.argument("query")
@click.option("--k", type=click.IntRange(1, 1000), default=None, help="Number of hits (default 10).")
@filter_options
@click.pass_obj
def search(app: App, query: str, k: int | None, since: str | None, until: str | None,
           person: str | None, sources: tuple[str, ...], as_json: bool) -> None:
    """Hybrid (meaning + words) search over everything ingested."""
    from retrieval import Searcher

    filters = _filters(since, until, sources, person)
    with app.store() as store:
        hits = Searcher(store, app.embedder(), app.config.search).search(query, k=k, filters=filters)
    if as_json:
        click.echo(json.dumps({"query": query, "hits": [h.to_json() for h in hits]}, ensure_ascii=False, indent=2))
        return
    if not hits:
        click.echo("No hits.")
    for n, hit in enumerate(hits, 1):
        _print_hit(n, hit, snippet=True)


@cli.command()
@click.argument("question")
@filter_options
@click.pass_obj
def ask(app: App, question: str, since: str | None, until: str | None, person: str | None,
        sources: tuple[str, ...], as_json: bool) -> None:
    """Answer a question from your records, citing them."""
    from retrieval import Answerer, Searcher

    filters = _filters(since, until, sources, person)
    with app.store() as store:
        answer = Answerer(Searcher(store, app.embedder(), app.config.search)).ask(question, filters=filters)
    if as_json:
        click.echo(json.dumps(answer.to_json(), ensure_ascii=False, indent=2))
    else:
        print_answer(answer)


def print_answer(answer: Answer) -> None:
    click.echo(answer.answer)
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
@click.pass_obj
def status(app: App, as_json: bool) -> None:
    """What the store holds, per source."""
    with app.store() as store:
        stats = store.catalog.stats()
        stats["home"] = str(app.config.home)
        stats["embedder"] = store.catalog.get_meta("embedder")
        stats["vectors"] = store.vectors.count() if stats["embedder"] else 0
    if as_json:
        click.echo(json.dumps(stats, indent=2))
        return
    click.echo(f"home      {stats['home']}")
    click.echo(f"records   {stats['records']}   chunks {stats['chunks']}   vectors {stats['vectors']}"
               f" ({stats['embedder'] or 'none yet'})")
    if stats["pending_vectors"]:
        click.echo(f"pending   {stats['pending_vectors']} chunks await embedding (next ingest finishes them)")
    for name, info in stats["sources"].items():
        click.echo(f"  {name:<16} {info.get('records', 0):>7} records {info.get('chunks', 0):>7} chunks"
                   f"  {info.get('first', '')[:10]} .. {info.get('last', '')[:10]}")


@cli.command()
@click.option("--limit", type=int, default=100, show_default=True)
@filter_options
@click.pass_obj
def timeline(app: App, limit: int, since: str | None, until: str | None, person: str | None,
             sources: tuple[str, ...], as_json: bool) -> None:
    """Records in time order."""
    filters = _filters(since, until, sources, person)
    with app.store() as store:
        rows = store.catalog.timeline(filters, limit)
    if as_json:
        click.echo(json.dumps({"records": rows}, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(f"{row['timestamp'][:16].replace('T', ' ')}  {row['kind']:<8} {row['title']}  ({row['source']})")


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


def main() -> None:
    cli(prog_name="twin")
