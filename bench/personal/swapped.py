"""Abstention on questions asked of the wrong person, as the external benchmark makes most of
its unanswerable questions: every question about one of Nora and Sam (single-hop, multi-hop,
temporal) asked again of the other ("When did Sam's knee start clicking?" for Nora's knee),
and asked in the first person, as Nora, whose twin this is ("When did my knee start
clicking?" is hers to answer; "When did I sprain my ankle?", from Sam's question, is not).
A noisy measure: some swapped questions are answerable (both friends have a birthday), so the
share refused has a ceiling below 100 %; the originals refused is the cost.

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


def as_nora(question: str) -> str | None:
    """The question in the first person, as Nora asks it ("When did Sam sprain his ankle?" as
    "When did I sprain my ankle?"), or None when it names both friends or neither."""
    sam, nora = re.search(r"\bSam\b", question), re.search(r"\bNora\b", question)
    if bool(sam) == bool(nora):
        return None
    name, possessive, object_, subject = ("Sam", "his", "him", "he") if sam else ("Nora", "her", "her", "she")
    text = re.sub(rf"\b{name}'s\b", "my", question)
    text = re.sub(rf"\b{name}\b", "I", text)
    text = re.sub(rf"\b{object_}\b(?=\s+(?:{_NOT_A_NOUN})\b|\s*[?.,!]|$)", "me", text)
    text = re.sub(rf"\b{possessive}\b", "my", text)
    text = re.sub(rf"\b{subject}\b", "I", text)
    for third, first in (("is", "am"), ("has", "have"), ("does", "do")):
        text = re.sub(rf"\bI {third}\b", f"I {first}", text)
        text = re.sub(rf"\b{third} I\b", f"{first} I", text)
        text = re.sub(rf"\b{third.title()} I\b", f"{first.title()} I", text)
    return text


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", type=Path, required=True, help="A store of bench/personal.")
    parser.add_argument("--show", action="store_true", help="List the swapped questions answered, with the answer.")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", category=FutureWarning)
    questions = [q for q in load_questions(HERE / "questions.jsonl") if q.kind in KINDS and not q.unanswerable]
    # (measure, question, asked instead): a refusal of the original or of Nora's own question
    # is a cost, of the other's a gain.
    asked: list[tuple[str, Question, str]] = []
    for q in questions:
        if (swap := swapped(q.question)) is not None:
            asked += [("originals", q, q.question), ("swapped", q, swap)]
        if (mine := as_nora(q.question)) is not None:
            asked.append(("as I, Nora's own" if "Nora" in q.question else "as I, Sam's", q, mine))
    refused: dict[str, list[bool]] = {}
    with Store(args.home) as store:
        answerer = Answerer(Searcher(store, SentenceEmbedder(), SearchConfig(me="Nora Lindqvist")))
        for measure, question, text in asked:
            answer = answerer.ask(text, now=question.now).answer
            refused.setdefault(measure, []).append(abstains(answer))
            if args.show and measure in ("swapped", "as I, Sam's") and not abstains(answer):
                print(f"{question.id} {text}\n    {answer.splitlines()[0][:120]}")
    for measure, outcomes in refused.items():
        print(f"{measure}: {sum(outcomes)} of {len(outcomes)} refused ({100 * sum(outcomes) / len(outcomes):.1f} %)")


if __name__ == "__main__":
    main()
