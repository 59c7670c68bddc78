"""The personal retrieval benchmark: fused vs lexical vs dense search (and message-level references)
at 200 and 500 words of hits, per kind of question. Prints the tables; records nothing.

Run from the repository root: `HF_HUB_OFFLINE=1 .venv/bin/python bench/personal/run.py`.
The store is built once under bench/.cache/personal-home and rebuilt when the corpus, the
embedder or the ingest settings change.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import warnings
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO))  # `bench` is not an installed package
for _var, _value in (("HF_HUB_OFFLINE", "1"), ("TRANSFORMERS_OFFLINE", "1"), ("ANONYMIZED_TELEMETRY", "False")):
    os.environ.setdefault(_var, _value)

from bench.personal.misses import describe_misses  # noqa: E402
from bench.personal.reference import MessageIndex  # noqa: E402
from ingest import Ingester  # noqa: E402
from retrieval import Answerer, Searcher  # noqa: E402
from retrieval.evaluate import (  # noqa: E402
    HEADLINE,
    Report,
    SearchFn,
    build_home,
    compare,
    dense_search,
    evaluate,
    fused_search,
    lexical_search,
    load_questions,
    resolve_evidence,
)
from twin.config import IngestConfig, SearchConfig  # noqa: E402
from twin.models.embedder import Embedder, HashEmbedder, SentenceEmbedder  # noqa: E402
from twin.plugins import Registry  # noqa: E402
from twin.schema import Answer  # noqa: E402
from twin.store import Store  # noqa: E402

CACHE = REPO / "bench" / ".cache"
MODES = ("fused", "twin-lexical", "twin-dense", "lexical", "dense", "msg-bm25", "win5-bm25", "msg-dense")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bench", type=Path, default=HERE, help="Folder with corpus/ and questions.jsonl.")
    parser.add_argument("--home", type=Path, default=CACHE / "personal-home")
    parser.add_argument("--rebuild", action="store_true", help="Ingest the corpus again.")
    parser.add_argument("--modes", default=",".join(MODES), help=f"Comma-separated, of: {', '.join(MODES)}.")
    parser.add_argument("--k", type=int, default=40, help="Hits asked of each mode (enough for 500 words).")
    parser.add_argument("--no-answer", action="store_true", help="Skip the extractive answers (F1, abstention).")
    parser.add_argument("--hash", action="store_true", help="The hashing stand-in embedder: checks the script fast.")
    parser.add_argument("--misses", type=int, default=0, help="Print this many misses per kind of the first mode.")
    parser.add_argument("--json", type=Path, help="Write every report, question by question, to this file.")
    return parser.parse_args(argv)


def stage(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def searchers(store: Store, embedder: Embedder, k: int, modes: list[str]) -> dict[str, SearchFn]:
    messages: list[MessageIndex] = []  # built once, for the modes that need it

    def message_index() -> MessageIndex:
        if not messages:
            messages.append(MessageIndex(store, 1))
        return messages[0]

    def reference(size: int, dense: bool) -> SearchFn:
        index = message_index() if size == 1 else MessageIndex(store, size)
        if dense:
            return lambda query, now: index.dense(embedder, query, k)
        return lambda query, now: index.lexical(query, k)

    factories: dict[str, Callable[[], SearchFn]] = {
        "fused": lambda: fused_search(Searcher(store, embedder, SearchConfig()), k),
        "twin-lexical": lambda: fused_search(Searcher(store, embedder, SearchConfig()), k, "lexical"),
        "twin-dense": lambda: fused_search(Searcher(store, embedder, SearchConfig()), k, "dense"),
        "lexical": lambda: lexical_search(store, k),
        "dense": lambda: dense_search(store, embedder, k),
        "msg-bm25": lambda: reference(1, dense=False),
        "win5-bm25": lambda: reference(5, dense=False),
        "msg-dense": lambda: reference(1, dense=True),
    }
    unknown = [m for m in modes if m not in factories]
    if unknown:
        raise SystemExit(f"unknown mode {unknown[0]!r}; choose from {', '.join(MODES)}")
    return {mode: factories[mode]() for mode in modes}


def main(argv: list[str] | None = None) -> None:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    warnings.filterwarnings("ignore", category=FutureWarning)
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    questions = load_questions(args.bench / "questions.jsonl")
    stage("loading the embedder")
    embedder: Embedder = HashEmbedder() if args.hash else SentenceEmbedder()
    home = args.home if not args.hash else args.home.with_name(args.home.name + "-hash")
    ingest = IngestConfig()
    stage(f"store: {home}")
    built = build_home(args.bench / "corpus", home, lambda store: Ingester(store, embedder, Registry(), ingest),
                       identity=f"{embedder.name}|{ingest}", rebuild=args.rebuild)
    stage("ingested the corpus" if built else "reusing the store")
    reports: list[Report] = []
    with Store(home) as store:
        ids = resolve_evidence(store, questions)
        unresolved = sum(not v for v in ids.values())
        if unresolved:
            stage(f"warning: {unresolved} evidence messages have no record in the store")
        for mode, search in searchers(store, embedder, args.k, modes).items():
            answer = None
            if mode == "fused" and not args.no_answer:
                answerer = Answerer(Searcher(store, embedder, SearchConfig()))

                def answer(question: str, now: datetime, a: Answerer = answerer) -> Answer:
                    return a.ask(question, now=now)
            stage(f"{mode}: {len(questions)} questions")
            reports.append(evaluate(questions, search, answer=answer, record_ids=ids, name=mode))
        if args.misses:
            print(describe_misses(store, questions, reports[0], args.misses))
    print(f"\n## Personal bench, {len(questions)} questions, k={args.k}, embedder {embedder.name}\n")
    print(compare(reports, HEADLINE))
    for report in reports:
        print()
        print(report.table())
    if args.json:
        args.json.write_text(json.dumps([r.to_json() for r in reports], indent=1, default=str), encoding="utf-8")
        stage(f"wrote {args.json}")


if __name__ == "__main__":
    main()
