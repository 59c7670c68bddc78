"""`twin eval BENCH`: a retrieval benchmark (a corpus and its questions) run against a store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from twin.cli import App

__all__ = ["eval_command"]

MODES = ("fused", "lexical", "dense")


@click.command("eval")
@click.argument("bench", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--store", "store_dir", type=click.Path(path_type=Path),
              help="The store to run against (default: one built from BENCH/corpus under the home's eval/).")
@click.option("--modes", default="fused,lexical,dense", show_default=True,
              help="Rankings to compare: fused, lexical (BM25 alone), dense (MiniLM alone).")
@click.option("--k", type=click.IntRange(1, 200), default=40, show_default=True,
              help="Hits asked per question (enough to fill 500 words).")
@click.option("--answers/--no-answers", default=True, show_default=True,
              help="Also answer each question (answer F1, abstention) with the fused ranking.")
@click.option("--rebuild", is_flag=True, help="Ingest the corpus again even if the store holds it.")
@click.option("--json", "as_json", is_flag=True, help="Every metric and question as JSON.")
@click.pass_obj
def eval_command(app: App, bench: Path, store_dir: Path | None, modes: str, k: int, answers: bool,
                 rebuild: bool, as_json: bool) -> None:
    """Recall within 200/500 words of hits, recall@k, hit dates, answer F1, abstention and latency."""
    from ingest import Ingester
    from ingest.conversation import cut_version
    from retrieval import Answerer, Searcher
    from retrieval.evaluate import build_home, compare, evaluate, fused_search, load_questions, resolve_evidence
    from twin.plugins import Registry
    from twin.store import Store

    chosen = [m.strip() for m in modes.split(",") if m.strip()]
    if unknown := [m for m in chosen if m not in MODES]:
        raise click.UsageError(f"unknown mode {unknown[0]!r}: choose from {', '.join(MODES)}")
    questions = load_questions(bench / "questions.jsonl")
    embedder = app.embedder()
    home = store_dir or app.config.home / "eval" / bench.resolve().name
    config = app.config
    if (bench / "corpus").is_dir() and store_dir is None:
        built = build_home(bench / "corpus", home, lambda s: Ingester(s, embedder, Registry(), config.ingest),
                           identity=f"{embedder.name}|{config.ingest}|{cut_version(config.ingest)}", rebuild=rebuild)
        click.echo(f"{'ingested' if built else 'reusing'} the bench store {home}", err=True)
    if not (home / "twin.db").exists():
        raise click.ClickException(f"{home} holds no store: ingest the bench corpus into it, or leave out --store")
    reports = []
    with Store(home) as store:
        ids = resolve_evidence(store, questions)
        searcher = Searcher(store, embedder, config.search)
        answerer = Answerer(searcher)
        for mode in chosen:
            click.echo(f"{mode}: {len(questions)} questions", err=True)
            answer = (lambda q, now: answerer.ask(q, now=now)) if answers and mode == "fused" else None
            reports.append(evaluate(questions, fused_search(searcher, k, mode), answer=answer,
                                    record_ids=ids, name=mode))
    if as_json:
        click.echo(json.dumps({"bench": str(bench), "store": str(home), "reports": [r.to_json() for r in reports]},
                              ensure_ascii=False, indent=2, default=str))
        return
    click.echo(f"{len(questions)} questions, k={k}, embedder {embedder.name}\n")
    click.echo(compare(reports))
    click.echo()
    click.echo(reports[0].table())
