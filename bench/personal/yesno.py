"""Yes/no questions over bench/personal: how often `twin ask` answers "Yes" to what happened in
the story, and how often to what did not (asked of both friends and, as Nora, whose twin this
is, in the first person). The questions are hand-written from the story's facts; the story's
`now` (15 January 2026) is the reference. "Yes" is the only answer counted: the twin never says
"No" (a line that does not say it proves nothing), so a true question not answered "Yes" is a
miss, a false one answered "Yes" a wrong answer.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/personal/yesno.py --home /tmp/ev/eval/personal [--show]

`--home` is a store of bench/personal (as `twin eval bench/personal` or run.py builds it).
"""

from __future__ import annotations

import argparse
import warnings
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from retrieval import Answerer, Searcher
from twin.config import SearchConfig
from twin.models.embedder import SentenceEmbedder
from twin.store import Store

NOW = datetime(2026, 1, 15, 12, tzinfo=ZoneInfo("Europe/Berlin"))

HAPPENED = (
    "Did Sam run the half marathon?", "Did Nora adopt a cat?", "Did Sam move to Wedding?",
    "Did Nora sprain her ankle?", "Did Sam go to Kraków?", "Did Nora go to Copenhagen?", "Did Sam go to Lisbon?",
    "Did Nora buy a cargo bike?", "Did Sam buy a sofa?", "Did Sam get the job at Kiezfunk?",
    "Did Nora pass her Portuguese exam?", "Did Sam start bass lessons?", "Did Nora swim in Copenhagen?",
    "Did Sam go to Porto?", "Did Nora give a speech at Freya's wedding?", "Did Sam visit the salt mine?",
    "Did I sprain my ankle?", "Did I adopt a cat?", "Did I buy a cargo bike?", "Did I go to Copenhagen?",
)
"""What the story tells happened (Nora is "I")."""
DID_NOT = (
    "Did Sam adopt a cat?", "Did Nora go to Lisbon?", "Did Sam sprain his ankle?", "Did Nora buy a sofa?",
    "Did Nora go to Kraków?", "Did Sam go to Copenhagen?", "Did Sam pass a Portuguese exam?",
    "Did Nora run the half marathon?", "Did Sam buy a cargo bike?", "Did Nora move to Wedding?",
    "Did I go to Lisbon?", "Did I buy a sofa?", "Did I go to Kraków?", "Did I run the half marathon?",
)
"""What the story does not tell: done by the other friend, or by no one."""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", type=Path, required=True, help="A store of bench/personal.")
    parser.add_argument("--show", action="store_true", help="Every question with the first line of its answer.")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", category=FutureWarning)
    with Store(args.home) as store:
        answerer = Answerer(Searcher(store, SentenceEmbedder(), SearchConfig(me="Nora Lindqvist")))
        for measure, questions in (("happened", HAPPENED), ("did not happen", DID_NOT)):
            yes = 0
            for question in questions:
                answer = answerer.ask(question, now=NOW)
                yes += answer.answer == "Yes"
                if args.show:
                    print(f"{question}\n    {answer.answer.splitlines()[0][:120]}")
            print(f"{measure}: {yes} of {len(questions)} answered Yes ({100 * yes / len(questions):.1f} %)")


if __name__ == "__main__":
    main()
