"""Abstention on questions asked of the wrong friend: every question about one of Nora and Sam
(single-hop, multi-hop, temporal) asked again of the other ("When did Sam's knee start
clicking?" for Nora's knee), as the external benchmark makes most of its unanswerable
questions. A noisy measure: some swapped questions are answerable (both friends have a
birthday), so the share refused has a ceiling below 100 %; the originals refused is the cost.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/personal/swapped.py --home /tmp/ev/eval/personal

`--home` is a store of bench/personal (as `twin eval bench/personal` or run.py builds it).
"""

from __future__ import annotations

import argparse
import re
import warnings
from pathlib import Path

from retrieval import Answerer, Searcher
from retrieval.evaluate import Question, abstains, load_questions
from twin.config import SearchConfig
from twin.models.embedder import SentenceEmbedder
from twin.store import Store

HERE = Path(__file__).resolve().parent
KINDS = ("single-hop", "multi-hop", "temporal")
_PRONOUNS = {"his": "her", "her": "his", "him": "her", "he": "she", "she": "he"}
_NOT_A_NOUN = "when|after|before|to|for|and|in|at|on|with|about|a|the|that|if|up|back|out|off"


def swapped(question: str) -> str | None:
    """The question asked of the other friend, or None when it names both or neither."""
    sam, nora = re.search(r"\bSam\b", question), re.search(r"\bNora\b", question)
    if bool(sam) == bool(nora):
        return None
    text = re.sub(r"\b(Sam|Nora)\b", lambda m: "Nora" if m.group(1) == "Sam" else "Sam", question)
    # Only the pronouns of the person's own gender follow ("his knee" -> "her knee"); "her"
    # before a noun is "his", else "him" ("give her when she left").
    if sam:
        return re.sub(r"\b(his|him|he)\b", lambda m: _PRONOUNS[m.group(1)], text)
    text = re.sub(rf"\bher\b(?=\s+(?:{_NOT_A_NOUN})\b|\s*[?.,!]|$)", "him", text)
    return re.sub(r"\b(her|she)\b", lambda m: _PRONOUNS[m.group(1)], text)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", type=Path, required=True, help="A store of bench/personal.")
    parser.add_argument("--show", action="store_true", help="List the swapped questions answered, with the answer.")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", category=FutureWarning)
    pairs: list[tuple[Question, str]] = [
        (q, s) for q in load_questions(HERE / "questions.jsonl")
        if q.kind in KINDS and not q.unanswerable and (s := swapped(q.question)) is not None]
    refused = {"original": 0, "swapped": 0}
    with Store(args.home) as store:
        answerer = Answerer(Searcher(store, SentenceEmbedder(), SearchConfig()))
        for question, swap in pairs:
            refused["original"] += abstains(answerer.ask(question.question, now=question.now).answer)
            answer = answerer.ask(swap, now=question.now).answer
            refused["swapped"] += abstains(answer)
            if args.show and not abstains(answer):
                print(f"{question.id} {swap}\n    {answer.splitlines()[0][:120]}")
    shares = {kind: f"{count} ({100 * count / len(pairs):.1f} %)" for kind, count in refused.items()}
    print(f"{len(pairs)} questions about one friend: swapped refused {shares['swapped']},"
          f" originals refused {shares['original']}")


if __name__ == "__main__":
    main()
