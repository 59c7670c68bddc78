"""The evaluation harness: metric functions on hand-made hits, and a tiny bench end to end."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ingest import Ingester
from retrieval import NOTHING_FOUND, Answerer, Searcher
from retrieval.evaluate import (
    BenchError,
    Evidence,
    Question,
    Report,
    abstains,
    answer_f1,
    budget_view,
    build_home,
    compare,
    dense_search,
    evaluate,
    fused_search,
    lexical_search,
    load_questions,
    resolve_evidence,
    score,
)
from twin.config import SearchConfig
from twin.models.embedder import HashEmbedder
from twin.plugins import Registry
from twin.schema import Answer, Hit
from twin.store import Store

TINY = Path(__file__).resolve().parent.parent / "fixtures" / "bench_tiny"
DAY = datetime(2025, 5, 3, 9, 0, tzinfo=UTC)
NOW = datetime(2025, 6, 15, tzinfo=UTC)


def hit(text: str, record_id: str = "r:other", when: datetime = DAY) -> Hit:
    return Hit(text, 1.0, record_id, f"{record_id}#w", "chat", "message", when, "Chat", (), "")


def words(n: int, stem: str = "w") -> str:
    return " ".join(f"{stem}{i}" for i in range(n))


def question(*texts: str, when: datetime = DAY, kind: str = "single-hop") -> Question:
    evidence = tuple(Evidence("Lena", when.replace(tzinfo=None), t) for t in texts)
    return Question("q1", kind, "?", "x", evidence, NOW, not evidence)


# -- word budgets ----------------------------------------------------------------------------


def test_a_hit_counts_only_for_its_words_inside_the_budget() -> None:
    hits = [hit(words(150)), hit(words(100, "x"))]
    view = budget_view(hits, 200)
    assert [n for _, _, n in view] == [150, 50]
    assert view[1][1] == words(50, "x")


def test_a_hit_starting_at_the_budget_is_out() -> None:
    assert len(budget_view([hit(words(200)), hit("evidence here")], 200)) == 1


def test_evidence_in_the_straddling_part_outside_the_budget_is_not_found() -> None:
    inside = "we booked the train to Bad Schandau"
    hits = [hit(words(190)), hit(f"{words(5)} {inside} {words(20, 'y')}"), hit("later words")]
    assert score(question(inside), hits, {}).in_budget == {200: (False,), 500: (True,)}
    early = [hit(words(190)), hit(f"{inside} {words(20, 'y')}")]
    assert score(question(inside), early, {}).in_budget[200] == (True,)


def test_a_big_first_hit_earns_nothing_beyond_the_budget() -> None:
    evidence = "the view from the Schrammsteine was worth every step"
    hits = [hit(f"{words(495)} {evidence}")]
    outcome = score(question(evidence), hits, {})
    assert outcome.in_budget == {200: (False,), 500: (False,)}
    assert outcome.found_at == (0,)  # found at depth 1, just not within the words


def test_long_messages_match_by_their_first_twelve_words_case_and_spacing_aside() -> None:
    message = "Big news: I got the JOB at the bike repair shop on Karl-Heine-Straße, I start on the 2nd of June " + words(90)
    window = "Ben (18:30): big news: I got the job at the  bike repair\nshop on Karl-Heine-Straße, I start …"
    assert score(question(message), [hit(window)], {}).found_at == (0,)


def test_record_id_match_needs_the_hit_readable_inside_the_budget() -> None:
    evidence = Evidence("Lena", DAY.replace(tzinfo=None), "a message rendered differently in the hit")
    q = Question("q", "single-hop", "?", "x", (evidence,), NOW, False)
    ids = {evidence: frozenset({"r:ev"})}
    own = hit(words(30, "z"), "r:ev")
    assert score(q, [hit(words(100)), own], ids).in_budget[200] == (True,)
    assert score(q, [hit(words(195)), own], ids).in_budget[200] == (False,)  # 5 of its words inside
    assert score(q, [hit(words(100)), own], {}).in_budget[200] == (False,)


def test_all_and_any_evidence_and_depths() -> None:
    a, b = "first evidence message here", "second evidence message there"
    hits = [hit(f"x {a}"), *[hit(words(3)) for _ in range(5)], hit(b)]
    outcome = score(question(a, b), hits, {})
    assert outcome.found_at == (0, 6)
    report = Report("t", [outcome])
    metrics = report.metrics()
    assert metrics["R@1 any"]["all"] == 100.0 and metrics["R@1 all"]["all"] == 0.0
    assert metrics["R@5 all"]["all"] == 0.0 and metrics["R@10 all"]["all"] == 100.0
    assert metrics["ev@200w"]["all"] == 100.0


def test_the_date_of_the_first_evidence_hit_is_checked() -> None:
    text = "we ran out of water by noon"
    same_day = score(question(text, kind="temporal"), [hit(text, when=DAY.replace(hour=20))], {})
    next_day = score(question(text, kind="temporal"), [hit(text, when=DAY.replace(day=4))], {})
    missing = score(question(text, kind="temporal"), [hit("nothing")], {})
    assert (same_day.date_ok, next_day.date_ok, missing.date_ok) == (True, False, False)


# -- answers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [NOTHING_FOUND, "", "I don't know.", "The chats do not mention that.",
                                  "I couldn't find anything about Lena's sister."])
def test_abstentions(text: str) -> None:
    assert abstains(text)


@pytest.mark.parametrize("text", ["Lisbon", "3 May 2025, Chat: I don't know where the boots are [1]",
                                  "She sprained her ankle.\nI don't know more."])
def test_answers_that_do_not_abstain(text: str) -> None:
    assert not abstains(text)


def test_answer_f1_is_squad_token_f1() -> None:
    assert answer_f1("The Lisbon!", "lisbon") == 1.0
    assert answer_f1("in Lisbon and Porto", "Lisbon") == pytest.approx(2 * (1 / 4) * 1 / (1 / 4 + 1))
    assert answer_f1("Porto", "Lisbon") == 0.0
    assert answer_f1("", "") == 1.0


def test_evaluate_scores_answers_and_abstention() -> None:
    answerable = question("the bike repair shop")
    adversarial = Question("q2", "adversarial", "?", "", (), NOW, True)

    def search(text: str, now: datetime) -> list[Hit]:
        return [hit("Ben: I got the job at the bike repair shop")]

    def answer(text: str, now: datetime) -> Answer:
        return Answer(NOTHING_FOUND if text == "unknown" else "x y")

    report = evaluate([answerable, Question("q2", "adversarial", "unknown", "", (), NOW, True)], search, answer=answer)
    metrics = report.metrics()
    assert metrics["abstain"]["adversarial"] == 100.0 and metrics["false abstain"]["all"] == 0.0
    assert metrics["answer F1"]["single-hop"] == pytest.approx(100 * 2 / 3)
    assert metrics["R@200w all"]["adversarial"] is None
    assert adversarial.unanswerable
    assert json.loads(json.dumps(report.to_json()))["name"] == ""


# -- the bench, end to end -------------------------------------------------------------------


def test_load_questions_reads_the_tiny_bench() -> None:
    questions = load_questions(TINY / "questions.jsonl")
    assert [q.kind for q in questions] == ["single-hop", "multi-hop", "temporal", "open-domain", "adversarial"]
    assert questions[-1].unanswerable and not questions[0].unanswerable
    assert questions[1].evidence[1].wall == datetime(2025, 5, 11, 20, 5)


def test_a_bad_questions_line_names_its_place(tmp_path: Path) -> None:
    (tmp_path / "q.jsonl").write_text('{"id": 1}\n', encoding="utf-8")
    with pytest.raises(BenchError, match=r"q.jsonl:1"):
        load_questions(tmp_path / "q.jsonl")


def test_build_home_reuses_and_refuses(tmp_path: Path, embedder: HashEmbedder) -> None:
    home = tmp_path / "bench-home"

    def ingester(store: Store) -> Ingester:
        return Ingester(store, embedder, Registry())

    assert build_home(TINY / "corpus", home, ingester, identity=embedder.name)
    assert not build_home(TINY / "corpus", home, ingester, identity=embedder.name)
    assert build_home(TINY / "corpus", home, ingester, identity="another embedder")
    foreign = tmp_path / "someone-elses"
    foreign.mkdir()
    (foreign / "notes.md").write_text("mine", encoding="utf-8")
    with pytest.raises(BenchError, match="not a bench home"):
        build_home(TINY / "corpus", foreign, ingester)
    assert (foreign / "notes.md").exists()


def test_tiny_bench_end_to_end(tmp_path: Path, embedder: HashEmbedder) -> None:
    questions = load_questions(TINY / "questions.jsonl")
    home = tmp_path / "bench-home"
    build_home(TINY / "corpus", home, lambda store: Ingester(store, embedder, Registry()), identity=embedder.name)
    with Store(home) as store:
        ids = resolve_evidence(store, questions)
        assert len(ids) == 4 and all(len(found) == 1 for found in ids.values())
        searcher = Searcher(store, embedder, SearchConfig(min_similarity=0.1))
        answerer = Answerer(searcher)
        fused = evaluate(questions, fused_search(searcher, 10), record_ids=ids, name="fused",
                         answer=lambda text, now: answerer.ask(text))
        lexical = evaluate(questions, lexical_search(store, 10), record_ids=ids, name="lexical")
        dense = evaluate(questions, dense_search(store, embedder, 10), record_ids=ids, name="dense")
    metrics = fused.metrics()
    # Three short sessions, all inside 500 words: every evidence message is found, on its day.
    assert metrics["R@500w all"]["all"] == 100.0
    assert metrics["date@500w"]["temporal"] == 100.0
    assert metrics["questions"]["all"] == 5.0
    assert metrics["abstain"]["adversarial"] is not None and metrics["answer F1"]["all"] is not None
    assert dense.metrics()["R@500w all"]["all"] == 100.0
    assert lexical.metrics()["R@500w any"]["single-hop"] == 100.0
    table = fused.table()
    assert table.splitlines()[0] == "| fused | all | single-hop | multi-hop | temporal | open-domain | adversarial |"
    assert "| R@500w all | 100.0 | 100.0 | 100.0 | 100.0 | 100.0 | – |" in table
    side_by_side = compare([fused, lexical, dense])
    assert side_by_side.splitlines()[0] == "| metric | questions | fused | lexical | dense |"
    assert "| R@500w all | all | 100.0 |" in side_by_side


def test_twin_eval_command_on_the_tiny_bench(tmp_path: Path) -> None:
    """`twin eval BENCH` builds a store from BENCH/corpus and prints the comparison and the per-kind table."""
    from click.testing import CliRunner

    from twin.cli import cli

    bench = Path(__file__).resolve().parent.parent / "fixtures" / "bench_tiny"
    runner = CliRunner(env={"TWIN_EMBEDDER__MODEL": "hash"})
    result = runner.invoke(cli, ["eval", str(bench), "--store", str(tmp_path / "s"), "--modes", "fused,lexical"])
    assert result.exit_code == 1 and "holds no store" in result.output  # --store must hold the corpus
    result = runner.invoke(cli, ["eval", str(bench), "--k", "10", "--modes", "fused,lexical", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [r["name"] for r in data["reports"]] == ["fused", "lexical"]
    fused = data["reports"][0]["metrics"]
    assert fused["R@500w any"]["all"] is not None and fused["abstain"]["all"] is not None
    table = runner.invoke(cli, ["eval", str(bench), "--modes", "fused"])
    assert "| R@200w all | all |" in table.stdout and "reusing the bench store" in table.stderr


def test_the_long_turn_variant_keeps_every_fact_in_place(tmp_path: Path) -> None:
    """bench/personal/lengthen.py: turns of about 22 words, as the external data's, with each
    message's own words first (so the evidence is found as before) and filler that names no time
    a question could be about."""
    from bench.personal.lengthen import FILLER, main
    from retrieval.when import parse_time

    bench = Path(__file__).resolve().parents[2] / "bench" / "personal"
    main(tmp_path)
    chat = (tmp_path / "corpus" / "WhatsApp Chat with Sam Reyes.txt").read_text(encoding="utf-8")
    texts = [line.split(": ", 1)[1] for line in chat.split("\n") if " - " in line and ": " in line]
    assert 20 <= sum(len(t.split()) for t in texts) / len(texts) <= 26
    questions = load_questions(tmp_path / "questions.jsonl")
    assert questions == load_questions(bench / "questions.jsonl")
    lowered = [" ".join(t.lower().split()) for t in texts]
    for question in questions:
        for evidence in question.evidence:
            assert any(t.startswith(evidence.needle) for t in lowered), evidence
    for sentence in FILLER:
        assert not any(ch.isdigit() for ch in sentence) and parse_time(sentence, datetime(2025, 6, 1)) is None, sentence


@pytest.mark.parametrize(("question", "asked_of_the_other"), [
    ("How long after his knee started clicking did Sam run the half marathon?",
     "How long after her knee started clicking did Nora run the half marathon?"),
    ("What did Nora's theatre colleagues give her when she left?",
     "What did Sam's theatre colleagues give him when he left?"),
    ("What did Nora buy her mother?", "What did Sam buy his mother?"),
    ("Which came first, Sam's move or Nora's Portuguese exam?", None),  # both friends
    ("Who is Tilda?", None),
])
def test_a_question_asked_of_the_other_friend(question: str, asked_of_the_other: str | None) -> None:
    """bench/personal/swapped.py: the name changes, and the pronouns of the person's gender
    ("her" is "him" or "his" by what follows it)."""
    from bench.personal.swapped import swapped

    assert swapped(question) == asked_of_the_other


@pytest.mark.parametrize(("question", "as_nora"), [
    ("When did Sam sprain his ankle?", "When did I sprain my ankle?"),
    ("What did Nora's theatre colleagues give her when she left?", "What did my theatre colleagues give me when I left?"),
    ("Where is Nora's new flat?", "Where is my new flat?"),
    ("Is Sam happy at Kiezfunk?", "Am I happy at Kiezfunk?"),
    ("Which came first, Sam's move or Nora's Portuguese exam?", None),
])
def test_a_question_asked_in_the_first_person(question: str, as_nora: str | None) -> None:
    from bench.personal.swapped import as_nora as rewrite

    assert rewrite(question) == as_nora
