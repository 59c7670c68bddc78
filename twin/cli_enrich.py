"""`twin enrich`, `twin reflect`, `twin profile`: what the generator adds to the store."""

from __future__ import annotations

import json
import sys
import time
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from twin.cli import App
    from twin.models.generator import Generator

__all__ = ["add_enrich_commands"]


def _generator(app: App, kind: str | None) -> Generator:
    from dataclasses import replace

    from ingest.enrich import enrichment_generator
    from twin.models.generator import remote_notice_once

    config = app.config if kind is None else replace(app.config, enrich=replace(app.config.enrich, generator=kind))
    generator = enrichment_generator(config)
    if generator is None:
        raise click.ClickException("enrichment is off ([enrich] generator = \"none\"): pass --generator local")
    if config.enrich.generator == "remote" and (notice := remote_notice_once(app.config.home, app.config.generator)):
        click.secho(notice, fg="yellow", err=True)
    return generator


generator_option = click.option("--generator", "kind", type=click.Choice(["local", "remote"]),
                                help="Who writes (default: [enrich] generator, the bundled local model).")


@click.command()
@click.option("--limit", type=click.IntRange(1), help="At most this many chunks (newest first).")
@click.option("--since", help="Only chunks from this date on (2026-04, 7d, ...).")
@click.option("--until", help="Only chunks up to this date, inclusive.")
@click.option("--budget", type=click.FloatRange(0.1), help="Stop after this many minutes (run again to go on).")
@generator_option
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def enrich(app: App, limit: int | None, since: str | None, until: str | None, budget: float | None,
           kind: str | None, as_json: bool) -> None:
    """Write a summary, questions and an importance for each chunk; resumable, never repeated."""
    from ingest.enrich import Enricher, Writer
    from retrieval.timefilter import parse_bound

    generator = _generator(app, kind)
    with app.store(writer=True) as store:
        total = store.catalog.enrichment.count_candidates()
        with click.progressbar(length=min(total, limit or total), label="enriching", file=sys.stderr,
                               show_pos=True) as bar:
            def advance(done: int, _total: int) -> None:
                bar.update(1)

            summary = Enricher(store, Writer(generator, app.config.enrich), model=generator.name).run(
                limit=limit, since=parse_bound(since, end=False) if since else None,
                until=parse_bound(until, end=True) if until else None,
                budget_seconds=budget * 60 if budget else None, progress=advance)
        store.sync_vectors(app.embedder())
    if as_json:
        click.echo(json.dumps(summary.to_json(), indent=2))
    else:
        click.echo(summary.line(), err=True)


@click.command()
@click.option("--force", is_flag=True, help="Reflect now, even if not enough has happened since the last time.")
@generator_option
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def reflect(app: App, force: bool, kind: str | None, as_json: bool) -> None:
    """Draw insights from recent memories (cited), then refresh the profiles."""
    from ingest.profile import build_profiles
    from ingest.reflect import Reflector, ReflectSummary, due

    generator = _generator(app, kind)
    began = time.monotonic()
    with app.store(writer=True) as store:
        if force or due(store, app.config.enrich.reflect_threshold):
            summary = Reflector(store, app.embedder(), generator).run()
            profiles = build_profiles(store, generator) if summary.reflections or force else []
        else:
            summary, profiles = ReflectSummary(due=False), []
        store.sync_vectors(app.embedder())
    if as_json:
        click.echo(json.dumps({"reflections": summary.reflections, "questions": summary.questions,
                               "rejected": summary.rejected, "due": summary.due,
                               "profiles": [p.person for p in profiles]}, indent=2))
        return
    click.echo(summary.line() + (f"; {len(profiles)} profiles refreshed" if profiles else "")
               + f" ({time.monotonic() - began:.0f} s)", err=True)


@click.command()
@click.argument("person", required=False)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def profile(app: App, person: str | None, as_json: bool) -> None:
    """The twin's picture of you (or of PERSON), each statement with its evidence."""
    from ingest.profile import load_profiles
    from ingest.reflect import evidence_of
    from twin.schema import from_epoch

    with app.store() as store:
        profiles = [p for p in load_profiles(store)
                    if person is None or person.lower() in p.person.lower()]
        cited: dict[str, dict[str, Any]] = {}
        for p in profiles:
            for s in p.statements:
                for rid in s.evidence:
                    row = store.catalog.record_row(rid)
                    if row is not None:
                        cited[rid] = {"id": rid, "text": row["text"],
                                      "timestamp": from_epoch(row["ts"], row["ts_offset"]).isoformat(),
                                      "evidence": evidence_of(json.loads(row["metadata"] or "{}"))}
    if as_json:
        click.echo(json.dumps({"profiles": [p.to_json() for p in profiles], "reflections": cited},
                              ensure_ascii=False, indent=2))
        return
    if not profiles:
        raise click.ClickException("no profile yet: `twin enrich`, then `twin reflect` builds one")
    for p in profiles:
        click.secho(f"{'You' if p.person == 'me' else p.person}", bold=True)
        for s in p.statements:
            marks = "".join(f"[{list(cited).index(r) + 1}]" for r in s.evidence if r in cited)
            click.echo(f"  {s.category:<14} {s.text} {marks}")
    click.echo()
    for n, info in enumerate(cited.values(), 1):
        click.echo(f"[{n}] {info['timestamp'][:10]} reflection: {info['text']}")
        click.echo(click.style(f"    from {len(info['evidence'])} records: {', '.join(info['evidence'][:4])}",
                               dim=True))


def add_enrich_commands(group: click.Group) -> None:
    for command in (enrich, reflect, profile):
        group.add_command(command)
