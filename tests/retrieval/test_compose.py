"""Generated answers: evidence in the prompt, citations checked and renumbered, honest fallbacks."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

import pytest

from retrieval import NOTHING_FOUND
from retrieval.compose import (
    ABSTAIN,
    Checker,
    Composed,
    compose,
    compose_stream,
    evidence_blocks,
    prompt,
)
from retrieval.search import Ranked
from twin.models.generator import CannedGenerator, GeneratorError, LocalGenerator, RemoteGenerator
from twin.schema import Answer, Hit

from ..llama_server import sleeping, stub_server

NOW = datetime(2026, 4, 10, 9, 30, tzinfo=UTC)
CET = timezone(timedelta(hours=1))


def ranked(text: str, *, when: datetime, title: str = "", kind: str = "note", source: str = "files",
           people: tuple[str, ...] = (), similarity: float = 0.6, n: int = 0) -> Ranked:
    hit = Hit(text, 1.0 / (n + 1), f"{source}:{n}", f"{source}:{n}#0", source, kind, when, title, people, f"/x/{n}")
    return Ranked(hit, similarity, None, "")


EVIDENCE = [
    ranked("Anna said the research budget is cut from 40,000 to 32,000 EUR.", title="Budget meeting",
           when=datetime(2026, 3, 12, tzinfo=CET), people=("Anna Schmidt",), n=0),
    ranked("We booked a ryokan in Kyoto for three nights. The JR pass cost 50,000 yen.", title="Kyoto plans",
           when=datetime(2026, 4, 2, tzinfo=CET), n=1),
    ranked("Ran 7 km along the canal in the cold. Legs heavy, mood good.",
           when=datetime(2026, 2, 7, 18, 45, tzinfo=CET), kind="message", source="whatsapp",
           people=("Me", "Lena"), n=2),
]


def extractive() -> Answer:
    return Answer("12 March 2026, Budget meeting: the research budget is cut [1]", (EVIDENCE[0].hit,))


def run(reply: str, evidence: list[Ranked] = EVIDENCE) -> tuple[list[str], Composed]:
    events = list(compose_stream("What is the new budget?", evidence, CannedGenerator(reply), now=NOW,
                                 fallback=extractive))
    *pieces, final = events
    assert isinstance(final, Composed) and all(isinstance(p, str) for p in pieces)
    return pieces, final


# -- the prompt ---------------------------------------------------------------------------


def test_evidence_blocks_carry_date_weekday_source_and_speakers() -> None:
    blocks = [b for _, b in evidence_blocks(EVIDENCE)]
    assert blocks[0] == ('[1] 2026-03-12, Thursday · files/note "Budget meeting" · Anna Schmidt: '
                         "Anna said the research budget is cut from 40,000 to 32,000 EUR.")
    assert blocks[2].startswith("[3] 2026-02-07 18:45, Saturday · whatsapp/message · Me, Lena: Ran 7 km")


def test_evidence_is_kept_short() -> None:
    long = [ranked("word " * 500, when=NOW, n=i) for i in range(10)]
    blocks = [b for _, b in evidence_blocks(long, max_evidence=8, max_words=600)]
    assert len(blocks) == 8
    assert all(b.endswith(" …") for b in blocks)
    assert sum(b.count("word") for b in blocks) == 600


def test_prompt_puts_rules_first_and_the_question_last() -> None:
    system, example, shown, user = prompt("When did Anna cut the budget?", ["[1] a", "[2] b"], NOW)
    assert system["role"] == "system" and ABSTAIN in system["content"] and "[1]" in system["content"]
    assert (example["role"], shown["role"]) == ("user", "assistant") and "[2]" in shown["content"]
    assert user == {"role": "user", "content": "Today is 2026-04-10, Friday.\nEvidence:\n[1] a\n[2] b\n\n"
                                                "Question: When did Anna cut the budget?"}


# -- citations ----------------------------------------------------------------------------


def test_citations_are_checked_and_renumbered() -> None:
    pieces, final = run("The JR pass cost 50,000 yen [2] and the budget is 32,000 EUR [9][1]. "
                        "Anna cut it and we booked Kyoto [2, 1].")
    assert final.generated and not final.replaced and not final.warning
    assert final.answer.answer == ("The JR pass cost 50,000 yen [1] and the budget is 32,000 EUR [2]. "
                                   "Anna cut it and we booked Kyoto [1][2].")
    assert final.answer.citations == (EVIDENCE[1].hit, EVIDENCE[0].hit)
    assert "".join(pieces) == final.answer.answer


def test_an_uncited_sentence_is_cited_to_the_evidence_that_holds_it() -> None:
    pieces, final = run("The JR pass cost 50,000 yen. You ran along the canal on 7 February!")
    assert final.answer == Answer("The JR pass cost 50,000 yen [1]. You ran along the canal on 7 February [2]!",
                                  (EVIDENCE[1].hit, EVIDENCE[2].hit))
    assert final.generated and not final.warning and "".join(pieces) == final.answer.answer


def test_a_citation_of_evidence_that_does_not_say_it_is_corrected() -> None:
    _, final = run("We booked a ryokan in Kyoto [1]. You can stay 7 nights in Kyoto [2].")
    assert final.answer == Answer("We booked a ryokan in Kyoto [1].", (EVIDENCE[1].hit,))  # "7" is in no evidence
    assert final.warning == "left out 1 generated sentence(s) that your records do not support"


def test_an_unsupported_sentence_is_left_out() -> None:
    pieces, final = run("Anna said the research budget is cut. The dentist is Dr. Elena.\n"
                        "The ryokan cost 60,000 yen [2]. The pass cost 50,000 yen [2].")
    assert final.answer == Answer("Anna said the research budget is cut [1]. The pass cost 50,000 yen [2].",
                                  (EVIDENCE[0].hit, EVIDENCE[1].hit))
    assert final.warning == "left out 2 generated sentence(s) that your records do not support"
    assert "".join(pieces) == final.answer.answer and not final.replaced


@pytest.mark.parametrize("size", [1, 2, 3, 5, 100])
def test_checking_does_not_depend_on_how_the_text_is_cut(size: int) -> None:
    text = ("  Kyoto for three nights [2], a canal run [3] [7]; budget [1 , 3] and [0]. The dentist is Dr. Elena. "
            "You ran 7 km\n along the canal. Yes [1")
    whole = Checker([r.hit for r in EVIDENCE], [b for _, b in evidence_blocks(EVIDENCE)])
    expected = whole.check_all(text)
    cut = Checker([r.hit for r in EVIDENCE], [b for _, b in evidence_blocks(EVIDENCE)])
    out = "".join(cut.feed(text[i:i + size]) for i in range(0, len(text), size)) + cut.finish()
    assert out == expected == ("Kyoto for three nights [1], a canal run [2]; budget [3][2] and. You ran 7 km [2]\n"
                               "along the canal [2].")  # a line break ends a sentence
    assert cut.cited == whole.cited == [2, 3, 1]
    assert cut.left_out == ["The dentist is Dr. Elena.", "Yes"]


def test_no_supported_sentence_falls_back_to_the_extractive_answer() -> None:
    pieces, final = run("The budget is 1,000,000 EUR [9]. The JR pass cost 60,000 yen.")
    assert pieces == [] and final.answer == extractive()
    assert not final.generated and final.replaced
    assert final.warning == "the generated answer is not supported by your records; answering with quotes from them instead"


def test_an_empty_reply_falls_back() -> None:
    pieces, final = run("   ")
    assert pieces == [] and final.answer == extractive() and final.replaced
    assert final.warning.startswith("the generated answer was empty")


@pytest.mark.parametrize("reply", [ABSTAIN, "I don’t know from your records", "I do not know the name."])
def test_abstaining_is_the_exact_sentence(reply: str) -> None:
    pieces, final = run(reply)
    assert pieces == [] and final == Composed(Answer(ABSTAIN), generated=True, replaced=True)


def test_no_evidence_asks_no_generator() -> None:
    generator = CannedGenerator("anything [1]")
    weak = [ranked("unrelated", when=NOW, similarity=0.1)]
    result = compose("q?", weak, generator, now=NOW, fallback=extractive, min_similarity=0.35)
    assert result.answer == Answer(NOTHING_FOUND) and generator.calls == []


def test_a_weak_hit_the_quotes_stand_on_is_evidence() -> None:
    """The extractive answer may quote a long note that is far from the question as a whole and
    close in one sentence; the generator reads what the quotes stand on."""
    generator = CannedGenerator("With Lena [1].")
    weak = [ranked("Lena and I hiked up to the Bastei.", when=NOW, similarity=0.3, n=4)]
    result = compose("Who did I go hiking with?", weak, generator, now=NOW, fallback=extractive,
                     min_similarity=0.35, vouched={"files:4#0"})
    assert result.generated and result.answer.citations == (weak[0].hit,) and len(generator.calls) == 1


def test_compose_returns_the_final_answer() -> None:
    generator = CannedGenerator("Kyoto, for three nights [2].")
    result = compose("Where did I stay?", EVIDENCE, generator, now=NOW, fallback=extractive)
    assert result.answer == Answer("Kyoto, for three nights [1].", (EVIDENCE[1].hit,))
    assert "Question: Where did I stay?" in generator.calls[0][-1]["content"]


# -- a failing generator ------------------------------------------------------------------


class Failing(CannedGenerator):
    def chat(self, messages, *, max_tokens, temperature, stop=None):
        yield "Anna said the research budget is "
        raise GeneratorError("remote generator http://x/v1 did not answer within 1 s")


def test_a_failure_midway_falls_back_with_one_warning() -> None:
    events = list(compose_stream("q?", EVIDENCE, Failing(), now=NOW, fallback=extractive))
    final = events[-1]
    assert events[:-1] == []  # half a sentence is not shown
    assert final == Composed(extractive(), generated=False, replaced=True,
                             warning="remote generator http://x/v1 did not answer within 1 s; "
                                     "answering with quotes from your records instead")


def test_a_missing_local_model_falls_back(tmp_path) -> None:
    fake = tmp_path / "model.gguf"
    fake.write_bytes(b"not a gguf")
    result = compose("q?", EVIDENCE, LocalGenerator(fake), now=NOW, fallback=extractive)
    assert result.answer == extractive() and not result.generated
    assert result.warning.startswith(f"cannot load generator model {fake}")
    assert "\n" not in result.warning


def test_a_remote_generator_that_times_out_falls_back() -> None:
    with stub_server(sleeping(5)) as url:
        started = datetime.now()
        result = compose("q?", EVIDENCE, RemoteGenerator(url, "m", timeout=0.5, retries=0), now=NOW,
                         fallback=extractive)
    assert (datetime.now() - started).total_seconds() < 3
    assert result.answer == extractive()
    assert result.warning == f"remote generator {url} did not answer within 0.5 s; answering with quotes from your records instead"


# -- the bundled model --------------------------------------------------------------------


@pytest.fixture(scope="module")
def smollm() -> LocalGenerator:
    pytest.importorskip("llama_cpp")
    return LocalGenerator(threads=2)


QUESTIONS = [
    "What did Anna say about the research budget?",
    "When did I go running along the canal?",
    "How much did the JR pass cost?",
    "Where did we book a ryokan?",
    "What is the name of my dentist?",
]


@pytest.mark.slow
def test_the_bundled_model_answers_with_valid_citations(smollm: LocalGenerator) -> None:
    generated = 0
    for question in QUESTIONS:
        *pieces, final = compose_stream(question, EVIDENCE, smollm, now=NOW, fallback=extractive,
                                        temperature=0.0, max_tokens=80)
        assert isinstance(final, Composed)
        text = final.answer.answer
        assert text.strip()
        if final.generated:
            generated += 1
            assert final.answer.citations and set(final.answer.citations) <= {r.hit for r in EVIDENCE}
            numbers = [int(n) for n in re.findall(r"\[(\d+)\]", text)]
            assert sorted(set(numbers)) == list(range(1, len(final.answer.citations) + 1))
            assert "".join(pieces) == text and not final.replaced
        else:
            assert final.answer == extractive() and final.warning and final.replaced
    assert generated >= 2  # the check does not throw every answer away (it kept 4 of 5 when written)
