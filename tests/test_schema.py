"""The data model: aware timestamps, content hashes, the JSON contracts and epoch round trips."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from twin.schema import Answer, Hit, Record, Skipped, from_epoch, to_epoch

KYOTO = timezone(timedelta(hours=9))
WHEN = datetime(2026, 4, 2, 9, 30, tzinfo=KYOTO)


def make_record(**fields: object) -> Record:
    values: dict[str, object] = {
        "id": "files:/notes/kyoto.md",
        "source": "notes",
        "kind": "note",
        "timestamp": WHEN,
        "text": "We booked a ryokan in Kyoto.",
        "title": "Kyoto plans",
        "author": "Anna",
        "participants": ("Ben",),
        "metadata": {"date_from": "heading", "path": "/notes/kyoto.md"},
    }
    values.update(fields)
    return Record(**values)  # type: ignore[arg-type]


def make_hit(**fields: object) -> Hit:
    values: dict[str, object] = {
        "text": "We booked a ryokan in Kyoto.",
        "score": 0.1234567891,
        "record_id": "files:/notes/kyoto.md",
        "chunk_id": "files:/notes/kyoto.md#0",
        "source": "notes",
        "kind": "note",
        "timestamp": WHEN,
        "title": "Kyoto plans",
        "participants": ("Anna", "Ben"),
        "location": "/notes/kyoto.md",
    }
    values.update(fields)
    return Hit(**values)  # type: ignore[arg-type]


def test_record_refuses_a_naive_timestamp() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        make_record(timestamp=datetime(2026, 4, 2, 9, 30))


def test_record_refuses_a_naive_end() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        make_record(end=datetime(2026, 4, 2, 10, 30))


def test_record_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        make_record().text = "changed"  # type: ignore[misc]


def test_content_hash_is_stable() -> None:
    a = make_record()
    b = make_record(metadata={"path": "/notes/kyoto.md", "date_from": "heading"})  # same items, other order
    assert a.content_hash == b.content_hash
    assert len(a.content_hash) == 64
    assert a.content_hash == make_record().content_hash


@pytest.mark.parametrize(
    "change",
    [
        {"text": "We booked a ryokan in Nara."},
        {"text": "We booked a ryokan in Kyoto. "},
        {"title": "Nara plans"},
        {"timestamp": WHEN + timedelta(seconds=1)},
        {"timestamp": WHEN.astimezone(UTC)},  # same instant, other offset: shown differently
        {"participants": ("Ben", "Cho")},
        {"participants": ()},
        {"metadata": {"date_from": "file name", "path": "/notes/kyoto.md"}},
        {"metadata": {"date_from": "heading", "path": "/notes/kyoto.md", "extra": 1}},
        {"author": "Ben"},
        {"end": WHEN + timedelta(hours=1)},
        {"location": "/elsewhere/kyoto.md"},
    ],
    ids=lambda change: next(iter(change)),
)
def test_content_hash_changes_with_content(change: dict[str, object]) -> None:
    assert make_record(**change).content_hash != make_record().content_hash


def test_hit_to_json_contract() -> None:
    data = make_hit().to_json()
    # The DESIGN.md keys, plus `record_ids` (what a focused window shows), added without breaking the contract.
    assert set(data) == {
        "text", "score", "record_id", "chunk_id", "source", "kind", "timestamp", "title", "participants", "location",
        "record_ids",
    }
    assert data["record_ids"] == [data["record_id"]]
    assert data["timestamp"] == "2026-04-02T09:30:00+09:00"
    assert datetime.fromisoformat(data["timestamp"]).utcoffset() == timedelta(hours=9)
    assert data["participants"] == ["Anna", "Ben"]
    assert data["score"] == pytest.approx(0.123457)
    assert data["chunk_id"] == "files:/notes/kyoto.md#0"
    assert json.loads(json.dumps(data)) == data


def test_hit_timestamp_keeps_a_negative_offset() -> None:
    when = datetime(2026, 4, 1, 23, 0, tzinfo=timezone(timedelta(hours=-3, minutes=-30)))
    assert make_hit(timestamp=when).to_json()["timestamp"] == "2026-04-01T23:00:00-03:30"


def test_answer_to_json() -> None:
    first, second = make_hit(), make_hit(chunk_id="files:/notes/kyoto.md#1", score=0.5)
    data = Answer("A ryokan in Kyoto [1][2].", (first, second)).to_json()
    assert set(data) == {"answer", "quotes", "citations"}
    assert data["answer"] == "A ryokan in Kyoto [1][2]."
    assert data["citations"] == [first.to_json(), second.to_json()]
    assert json.loads(json.dumps(data)) == data


def test_answer_without_citations() -> None:
    assert Answer("I don't know.").to_json() == {"answer": "I don't know.", "quotes": "", "citations": []}


def test_an_answer_keeps_its_quotes_apart() -> None:
    """The answer is what is asked for; the lines it was read from are its quotes, shown below it."""
    hit = make_hit()
    answer = Answer("Kyoto", (hit,), "2 April 2026, Kyoto plans: We booked a ryokan in Kyoto. [1]")
    assert answer.text == "Kyoto\n2 April 2026, Kyoto plans: We booked a ryokan in Kyoto. [1]"
    data = answer.to_json()
    assert data["answer"] == "Kyoto" and data["quotes"].endswith("[1]")
    back = Answer.from_json(json.loads(json.dumps(data)))
    assert (back.answer, back.quotes, [h.chunk_id for h in back.citations]) == ("Kyoto", answer.quotes, [hit.chunk_id])
    assert Answer.from_json({"answer": "old daemon", "citations": []}) == Answer("old daemon")


def test_skipped_str() -> None:
    skipped = Skipped(where="notes/2023.md", why="not UTF-8 (byte 0x92 at 4811)")
    assert str(skipped) == "skipped notes/2023.md: not UTF-8 (byte 0x92 at 4811)"


@pytest.mark.parametrize(
    "moment",
    [
        WHEN,
        datetime(2026, 4, 1, 23, 0, tzinfo=timezone(timedelta(hours=-3, minutes=-30))),
        datetime(2026, 4, 2, 0, 0, tzinfo=UTC),
        datetime(2026, 4, 2, 5, 45, tzinfo=timezone(timedelta(hours=5, minutes=45))),
        datetime(1969, 7, 20, 20, 17, 40, tzinfo=UTC),
    ],
)
def test_epoch_round_trip_keeps_the_offset(moment: datetime) -> None:
    offset = int(moment.utcoffset().total_seconds() // 60)  # type: ignore[union-attr]
    back = from_epoch(to_epoch(moment), offset)
    assert back == moment
    assert back.utcoffset() == moment.utcoffset()
    assert back.isoformat() == moment.isoformat()


def test_to_epoch_is_utc_seconds() -> None:
    assert to_epoch(datetime(1970, 1, 1, 1, 0, tzinfo=timezone(timedelta(hours=1)))) == 0
    assert to_epoch(WHEN) == int(datetime(2026, 4, 2, 0, 30, tzinfo=UTC).timestamp())


def test_from_epoch_defaults_to_utc() -> None:
    assert from_epoch(0) == datetime(1970, 1, 1, tzinfo=UTC)
    assert from_epoch(0).utcoffset() == timedelta(0)


def test_to_epoch_refuses_naive() -> None:
    with pytest.raises(ValueError, match="naive"):
        to_epoch(datetime(2026, 4, 2, 9, 30))
