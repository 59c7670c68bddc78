"""bench/personal with long turns: every chat message followed by small talk, as chats written by
a language model read (the external benchmark's turns hold about 22 words, ours 8.5).

    .venv/bin/python bench/personal/lengthen.py OUT          # OUT/corpus, OUT/questions.jsonl
    HF_HUB_OFFLINE=1 .venv/bin/twin --home H eval OUT

The facts stay where they were: each message keeps its own words first (the evidence's first
12 words, by which `twin eval` finds it, are unchanged) and gains one to three sentences of
friendly filler that names no person, place, date, time or number, so that no question's
answer moves. What changes is what search pays for and reads: longer hits at a word budget,
and message vectors diluted by talk that says nothing, as in the external data. A proxy, not
that data: the filler is drawn from a fixed pool, and the questions are the same.
"""

from __future__ import annotations

import random
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

FILLER = (
    "That is honestly so good to hear.",
    "I have been thinking about that a lot.",
    "You always know how to cheer me up.",
    "It means a lot that you asked.",
    "I love how excited you get about these things.",
    "Sometimes the small things really are the big things.",
    "I am trying to take it one step at a time.",
    "It feels like everything is happening at once.",
    "Honestly I could not have imagined it going any better.",
    "I keep telling myself to slow down and enjoy it.",
    "That sounds like exactly what you needed.",
    "You deserve every bit of it, really.",
    "It has been a bit of a rollercoaster, to be honest.",
    "I am so grateful to have someone to share this with.",
    "Let me know how it goes, I want all the details.",
    "I think it is important to make time for the things we enjoy.",
    "It is funny how things work out sometimes.",
    "I feel like I learn something new all the time.",
    "Thanks for always being there for me.",
    "It reminded me why I love doing this.",
    "I am really proud of how far we have both come.",
    "There is something special about moments like that.",
    "I did not expect it to mean so much to me.",
    "You have such a great way of looking at things.",
    "I am trying to stay positive about all of it.",
    "It was one of those moments you want to hold on to.",
    "Life has been pretty busy but in a good way.",
    "I hope you are taking care of yourself too.",
    "It is amazing what a little change of routine can do.",
    "I could talk about this for hours, honestly.",
    "Anyway, enough about me, how are things with you?",
    "I love hearing about what you are up to.",
    "It is good to have something to look forward to.",
    "I think we both needed that.",
    "That kind of thing always makes my day.",
    "I am still smiling thinking about it.",
    "It is not always easy but it is worth it.",
    "You make it sound so simple, I love that.",
    "I have a good feeling about this one.",
    "Sometimes you just have to go for it.",
    "I keep coming back to that thought.",
    "It is the little routines that keep me going.",
    "We should celebrate that properly at some point.",
    "I really admire how you handle all of this.",
    "It has given me a lot to think about.",
    "Funny how the best plans are the unplanned ones.",
    "I am learning to be a bit kinder to myself.",
    "That is such a lovely way to put it.",
    "It is nice to finally have some good news.",
    "I always feel better after we talk.",
    "It is a lot, but I am handling it.",
    "I appreciate you listening to me ramble.",
    "Honestly, it was exactly what I hoped for.",
    "You would have loved it, I am sure.",
    "I wish we could do more of this together.",
    "It is good to remember why we started.",
    "I am so glad it worked out in the end.",
    "It still feels a bit unreal, to be honest.",
    "That made me laugh more than it should have.",
    "I think that is a really healthy way to see it.",
)
"""Small talk that names no person, place, time or number (the questions' answers stay put)."""

_LINE = re.compile(r"^(\d\d/\d\d/\d{4}, \d\d:\d\d - [^:]+: )(.*)$")
_SYSTEM = re.compile(r"<Media omitted>|end-to-end encrypted|created group|changed the subject")


def lengthen(text: str, seed: int = 7, mean_extra: float = 1.6) -> str:
    """The export with filler after each message's own words (one to three sentences, mean
    `mean_extra`); media and system lines unchanged."""
    rng = random.Random(seed)
    out = []
    for line in text.split("\n"):
        match = _LINE.match(line)
        if match is None or _SYSTEM.search(line):
            out.append(line)
            continue
        extra = min(3, max(1, round(rng.gauss(mean_extra, 0.7))))
        words = " ".join(rng.sample(FILLER, extra))
        body = match.group(2).rstrip()
        sep = " " if body.endswith((".", "!", "?", "…")) or not body[-1:].isalnum() else ". "
        out.append(f"{match.group(1)}{body}{sep}{words}")
    return "\n".join(out)


def main(out: Path) -> None:
    corpus = out / "corpus"
    if corpus.exists():
        shutil.rmtree(corpus)
    shutil.copytree(HERE / "corpus", corpus)
    for chat in corpus.glob("WhatsApp Chat with *.txt"):
        chat.write_text(lengthen(chat.read_text(encoding="utf-8")), encoding="utf-8")
    shutil.copy(HERE / "questions.jsonl", out / "questions.jsonl")
    words = [len(m.group(2).split()) for line in (corpus / "WhatsApp Chat with Sam Reyes.txt").read_text(
        encoding="utf-8").split("\n") if (m := _LINE.match(line))]
    print(f"{out}: {len(words)} messages, {sum(words) / len(words):.1f} words a message")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
