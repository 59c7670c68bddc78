"""The people table: aliases from every source grouped safely, and the user's merges and splits kept."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingest import Ingester
from twin.cli import cli
from twin.errors import StoreError
from twin.models.embedder import HashEmbedder
from twin.plugins import Registry
from twin.schema import Record
from twin.store import Store
from twin.store.people import parse_alias

from ..conftest import write


def record(n: int, author: str, *participants: str) -> Record:
    return Record(id=f"t:{n}", source="test", kind="note", timestamp=datetime(2026, 1, n + 1, tzinfo=UTC),
                  text=f"record {n}", author=author, participants=participants)


def names(store: Store) -> dict[str, set[str]]:
    return {p.name: set(p.aliases) for p in store.catalog.people.everyone()}


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ("Anna Schmidt <Anna@Example.org>", ("Anna Schmidt", "anna@example.org", "")),
        ('"Schmidt, Anna" <anna@example.org>', ("Schmidt, Anna", "anna@example.org", "")),
        ("anna@example.org", ("", "anna@example.org", "")),
        ("+49 170 1234567", ("", "", "1701234567")),
        ("Anna", ("Anna", "", "")),
    ],
)
def test_parse_alias(raw: str, parsed: tuple[str, str, str]) -> None:
    assert parse_alias(raw) == parsed


def test_safe_automatic_merges(store: Store) -> None:
    store.write([(r, []) for r in [
        record(0, "Anna Schmidt <anna@example.org>", "Maya Berg <maya@example.org>"),
        record(1, "anna@example.org"),                       # same address
        record(2, "Anna"),                                   # the one full name starting "Anna"
        record(3, "Maya Berg"),                              # same full name
        record(4, "Tom Berg"), record(5, "Tom Weber"), record(6, "Tom"),  # "Tom" is ambiguous: left alone
        record(7, "+49 170 1234567"), record(8, "0049 170 1234567"),    # same number, two spellings
    ]])
    assert store.catalog.people.rebuild() == 6
    people = names(store)
    assert people["Anna Schmidt"] == {"Anna Schmidt <anna@example.org>", "anna@example.org", "Anna"}
    assert people["Maya Berg"] == {"Maya Berg <maya@example.org>", "Maya Berg"}
    assert people["Tom"] == {"Tom"} and people["Tom Berg"] == {"Tom Berg"}
    assert {"+49 170 1234567", "0049 170 1234567"} in people.values()
    assert store.catalog.people.aliases_of("anna") == store.catalog.people.aliases_of("Anna Schmidt")
    assert store.catalog.people.named_in("What did Anna say to Tom Weber?") == ["Anna Schmidt", "Tom Weber"]


def test_a_title_and_a_surname_only_one_person_has_name_them(store: Store) -> None:
    store.write([(r, []) for r in [record(0, "Dieter Kowalski <kowalski@landlord.example>"),
                                   record(1, "Maya Berg"), record(2, "Tom Berg"), record(3, "Li Na Wu"),
                                   record(4, "UX Lab Mitte <booking@uxlab.example>"), record(5, "Michael Jordan"),
                                   record(6, "Jordan Smith")]])
    store.catalog.people.rebuild()
    named_in = store.catalog.people.named_in
    assert named_in("How long did Herr Kowalski take to answer?") == ["Dieter Kowalski"]
    assert named_in("What did Dr. Wu say?") == ["Li Na Wu"]
    assert named_in("When did I email Herr Kowalski's office?") == ["Dieter Kowalski"]
    assert named_in("What did Herr Berg say?") == []  # Maya's and Tom's
    assert named_in("Who is Jan Kowalski?") == []  # another Kowalski
    # A surname alone is too often a place or a shop's name.
    assert named_in("Did Kowalski reply?") == []
    assert named_in("Where is the lab in Mitte?") == []
    assert named_in("What did Mr Jordan say?") == ["Michael Jordan"]


def test_merge_and_split_survive_rebuilds(store: Store) -> None:
    store.write([(r, []) for r in [record(0, "Tom Berg"), record(1, "Tom"), record(2, "Tom Weber"),
                                   record(3, "Jo <jo@example.org>")]])
    people = store.catalog.people
    people.rebuild()
    people.merge("Tom", "Tom Berg")
    assert set(people.aliases_of("Tom Berg")) == {"Tom", "Tom Berg"}
    people.split("Tom")
    assert people.aliases_of("Tom Berg") == ("Tom Berg",)
    people.merge("Tom", "tom berg")
    store.write([(record(4, "Tom"), [])])
    people.rebuild()
    assert set(people.aliases_of("Tom Berg")) == {"Tom", "Tom Berg"}
    with pytest.raises(StoreError, match="no one called 'Karl'"):
        people.merge("Karl", "Tom")
    with pytest.raises(StoreError, match="no alias"):
        people.split("Karl")


def test_people_from_mail_and_chat_are_one_person(tmp_path: Path) -> None:
    """A WhatsApp "Anna" and mail's "Anna Schmidt <anna@...>" meet in `twin people list` and `--person`."""
    data = tmp_path / "data"
    write(data / "WhatsApp Chat with Anna.txt",
          "03/03/2026, 09:00 - Anna: The budget is cut to 32,000\n03/03/2026, 09:05 - Maya Berg: Oh no\n")
    (data / "budget.eml").write_bytes(
        b"From: Anna Schmidt <anna@example.org>\r\nTo: Maya Berg <maya@example.org>\r\n"
        b"Subject: Budget\r\nDate: Wed, 04 Mar 2026 10:00:00 +0100\r\nMessage-ID: <b1@example.org>\r\n\r\n"
        b"Study moves to May.\r\n")
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(data)]).exit_code == 0
    listed = json.loads(runner.invoke(cli, ["people", "list", "--json"]).stdout)["people"]
    anna = next(p for p in listed if p["name"] == "Anna Schmidt")
    assert set(anna["aliases"]) == {"Anna", "Anna Schmidt <anna@example.org>"}
    timeline = json.loads(runner.invoke(cli, ["timeline", "--person", "Anna", "--json"]).stdout)["records"]
    assert {r["kind"] for r in timeline} == {"message", "email"}
    split = runner.invoke(cli, ["people", "split", "Anna"])
    assert split.exit_code == 0, split.output
    after = json.loads(runner.invoke(cli, ["timeline", "--person", "Anna Schmidt", "--json"]).stdout)["records"]
    assert {r["kind"] for r in after} == {"email"}
    wrong = runner.invoke(cli, ["people", "merge", "Nobody", "Anna"])
    assert wrong.exit_code == 1 and "no one called 'Nobody'" in wrong.output


def test_ingest_rebuilds_people(store: Store, tmp_path: Path) -> None:
    write(tmp_path / "c" / "WhatsApp Chat with Jonas.txt", "01/02/2026, 07:58 - Jonas: hi\n01/02/2026, 08:00 - Maya: yo\n")
    Ingester(store, HashEmbedder(), Registry()).ingest([tmp_path / "c"])
    assert set(names(store)) == {"Jonas", "Maya"}


def test_the_owner_is_the_person_with_the_most_correspondents(store: Store, tmp_path: Path) -> None:
    """Real exports: Jonas, Lena and Anna all write to Maya; Jonas writes more messages than
    she does, and is still not the owner."""
    data = tmp_path / "data"
    write(data / "WhatsApp Chat with Jonas.txt", "".join(
        f"0{d}/02/2026, 08:0{d} - Jonas: message {d}\n" for d in range(1, 8)) + "08/02/2026, 09:00 - Maya Berg: ok\n")
    write(data / "WhatsApp Chat with Lena.txt", "03/02/2026, 10:00 - Lena: hi\n03/02/2026, 10:01 - Maya Berg: hey\n")
    (data / "budget.eml").write_bytes(
        b"From: Anna Schmidt <anna@example.org>\r\nTo: Maya Berg <maya@example.org>\r\n"
        b"Subject: Budget\r\nDate: Wed, 04 Mar 2026 10:00:00 +0100\r\nMessage-ID: <b1@example.org>\r\n\r\n"
        b"Study moves to May.\r\n")
    Ingester(store, HashEmbedder(), Registry()).ingest([data])
    people = store.catalog.people
    assert people.owner() == "Maya Berg"
    assert people.me() == "Maya Berg"
    assert people.me("jonas") == "Jonas"  # the configured one wins, as the table names them
    assert people.me("Nobody Known") == "Nobody Known"


def test_no_owner_when_the_records_do_not_tell(store: Store, tmp_path: Path) -> None:
    """One chat: each has one correspondent, so neither is known to be the owner."""
    write(tmp_path / "c" / "WhatsApp Chat with Jonas.txt", "01/02/2026, 07:58 - Jonas: hi\n01/02/2026, 08:00 - Maya: yo\n")
    Ingester(store, HashEmbedder(), Registry()).ingest([tmp_path / "c"])
    assert store.catalog.people.owner() is None


def test_people_list_marks_you(tmp_path: Path) -> None:
    data = tmp_path / "data"
    write(data / "WhatsApp Chat with Jonas.txt", "01/02/2026, 07:58 - Jonas: hi\n01/02/2026, 08:00 - Maya Berg: yo\n")
    write(data / "WhatsApp Chat with Lena.txt", "03/02/2026, 10:00 - Lena: hi\n03/02/2026, 10:01 - Maya Berg: hey\n")
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(data)]).exit_code == 0
    listed = json.loads(runner.invoke(cli, ["people", "list", "--json"]).stdout)["people"]
    assert [p["name"] for p in listed if p["you"]] == ["Maya Berg"]
    assert "Maya Berg  (2 records)  (you)" in runner.invoke(cli, ["people", "list"]).stdout


def test_a_store_from_before_the_owner_is_counted_on_the_next_ingest(store: Store, tmp_path: Path) -> None:
    """A people table without conversation counts (an older store) is rebuilt by the next
    ingest, even when no record changed."""
    data = tmp_path / "data"
    write(data / "WhatsApp Chat with Jonas.txt", "01/02/2026, 07:58 - Jonas: hi\n01/02/2026, 08:00 - Maya Berg: yo\n")
    write(data / "WhatsApp Chat with Lena.txt", "03/02/2026, 10:00 - Lena: hi\n03/02/2026, 10:01 - Maya Berg: hey\n")
    ingester = Ingester(store, HashEmbedder(), Registry())
    ingester.ingest([data])
    store.catalog.db.execute("DELETE FROM people_conversations")
    assert store.catalog.people.stale() and store.catalog.people.owner() is None
    assert ingester.ingest([data]).added == 0
    assert not store.catalog.people.stale() and store.catalog.people.owner() == "Maya Berg"


def _said(n: int, thread: str, author: str, kind: str = "message", *to: str) -> Record:
    return Record(id=f"c:{n}", source="test", kind=kind, timestamp=datetime(2026, 1, 1 + n % 28, tzinfo=UTC),
                  text=f"line {n}", author=author, participants=(author, *to), thread=thread)


def test_the_owner_is_whom_people_write_to_not_who_writes_most(store: Store) -> None:
    """Colleagues who write in more channels than the owner (two of them alone in several) and
    a mailing list that receives their mail are not the owner; the one in chats of two with
    different people is."""
    said = [_said(n, f"slack:{channel}", who) for n, (channel, who) in enumerate(
        [(c, w) for c in ("general", "design", "random", "release", "ops") for w in ("Anna Schmidt", "Ben Ode")])]
    said += [_said(20, "slack:general", "Maya Berg"), _said(21, "slack:release", "Maya Berg")]
    said += [_said(22, "dm:jonas", "Jonas Weber"), _said(23, "dm:jonas", "Maya Berg"),
             _said(24, "dm:lena", "Lena Fischer"), _said(25, "dm:lena", "Maya Berg")]
    said += [_said(30 + n, f"list-{n}", who, "email", "dev@lists.example")
             for n, who in enumerate(["Anna Schmidt", "Ben Ode", "Jonas Weber", "Tom Berg", "Ines Ode"])]
    store.write([(r, []) for r in said])
    store.catalog.people.rebuild()
    assert store.catalog.people.owner() == "Maya Berg"


def test_two_people_in_as_many_conversations_is_no_owner(store: Store) -> None:
    """The tie rule: Maya and Jonas each have two correspondents (each other and one more);
    one mail more to Maya decides."""
    said = [_said(0, "a", "Maya Berg"), _said(1, "a", "Jonas Weber"), _said(2, "b", "Maya Berg"),
            _said(3, "b", "Lena Fischer"), _said(4, "c", "Jonas Weber"), _said(5, "c", "Tom Berg")]
    store.write([(r, []) for r in said])
    store.catalog.people.rebuild()
    assert store.catalog.people.owner() is None
    said.append(_said(6, "mail-1", "Tom Berg", "email", "Maya Berg"))
    store.write([(r, []) for r in said])
    store.catalog.people.rebuild()
    assert store.catalog.people.owner() == "Maya Berg"


def test_people_list_says_when_the_configured_me_is_no_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    write(data / "WhatsApp Chat with Jonas.txt", "01/02/2026, 07:58 - Jonas: hi\n01/02/2026, 08:00 - Maya Berg: yo\n")
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(data)]).exit_code == 0
    monkeypatch.setenv("TWIN_SEARCH__ME", "Maya Berg")
    marked = runner.invoke(cli, ["people", "list"])
    assert "Maya Berg  (1 records)  (you)" in marked.stdout and "[search] me" not in marked.stderr
    monkeypatch.setenv("TWIN_SEARCH__ME", "Nobody Known")
    unknown = runner.invoke(cli, ["people", "list", "--json"])
    assert unknown.exit_code == 0 and not any(p["you"] for p in json.loads(unknown.stdout)["people"])
    assert '[search] me = "Nobody Known" is no one' in unknown.stderr


def test_names_in_a_question_typed_in_lower_case(store: Store) -> None:
    """A question with no capital letter gets its people's names capitalised: of people who write,
    not of a shop's or a service's sender, and not words of the language ("May", "Will")."""
    store.write([(r, []) for r in [
        record(0, "Ulrike Haas <ulrike.haas@studio-tonhaus.example>"),
        record(1, "Buchhandlung Kiezbuch <info@kiezbuch.example>"),
        record(2, "May Chen <may@example.org>"), record(3, "Lena Fischer"),
    ]])
    store.catalog.people.rebuild()
    cased = store.catalog.people.cased
    assert cased("who is ulrike") == "Who is Ulrike"
    assert cased("when did i last buy a book at kiezbuch") == "When did I last buy a book at kiezbuch"
    assert cased("what did i do in may with lenas sister") == "What did I do in may with Lena's sister"
    assert cased("Who is ulrike?") == "Who is ulrike?"  # a capital anywhere: typed as meant
    assert store.catalog.people.named_in(cased("who is ulrike")) == ["Ulrike Haas"]
