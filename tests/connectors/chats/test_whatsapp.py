"""WhatsAppConnector on real exports: Android and iOS forms in several locales, zip and folder, exact dates."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from connectors.chats.whatsapp import WhatsAppConnector, chat_name
from twin.errors import SourceError
from twin.schema import Record

from .conftest import FIXTURES, local, read, records, skipped, table

WA = FIXTURES / "whatsapp"
CONNECTOR = WhatsAppConnector()


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")
    return path


def test_android_english_24h_day_first_crlf() -> None:
    items = records(CONNECTOR, WA / "WhatsApp Chat with Anna Schmidt.txt")
    assert table(items) == [
        (local(2026, 3, 12, 18, 2), "", "Messages and calls are end-to-end encrypted. No one outside of this chat, "
         "not even WhatsApp, can read or listen to them. Tap to learn more."),
        (local(2026, 3, 12, 18, 4), "Anna Schmidt", "Hi Maya, sorry for the bad news this morning.\n"
         "The May date is fine, let's do 19–21 May.\n\nTalk tomorrow?"),
        (local(2026, 3, 12, 18, 10), "Maya Berg", "Thanks Anna! I'll send the revised plan next week."),
        (local(2026, 3, 18, 9, 31), "Maya Berg", "<Media omitted>"),
        (local(2026, 3, 18, 9, 32), "Maya Berg", "IMG-20260318-WA0004.jpg (file attached)\nWhiteboard from today"),
        (local(2026, 3, 18, 9, 40), "Anna Schmidt", "Looks good: the 32,000 split works for me"),
        (local(2026, 3, 18, 9, 41), "Anna Schmidt", "This message was deleted"),
        (local(2026, 3, 20, 13, 5), "Anna Schmidt", "ok"),
        (local(2026, 3, 20, 13, 5), "Anna Schmidt", "ok"),
        (local(2026, 3, 20, 13, 6), "+49 160 9731 2254", "wrong number, sorry"),
    ]
    system, multi, _, omitted, attached, edited, deleted, ok1, ok2, _ = items
    assert system.metadata["system"] is True and system.participants == ()
    assert multi.participants == ("Anna Schmidt",) and multi.location.endswith("Anna Schmidt.txt#line2")
    assert omitted.metadata["media"] == "<Media omitted>"
    assert attached.metadata["media"] == "IMG-20260318-WA0004.jpg (file attached)"
    assert attached.location.endswith("#line8")
    assert edited.metadata["edited"] is True
    assert deleted.metadata["deleted"] is True
    assert ok1.id != ok2.id, "the same text twice in one minute is two messages"
    for record in items:
        assert record.kind == "message"
        assert record.thread == "whatsapp:Anna Schmidt" and record.title == "Anna Schmidt"
        assert record.id.startswith("whatsapp:Anna Schmidt/")
        assert record.metadata["chat"] == "Anna Schmidt"
        assert record.timestamp.tzinfo is not None


def test_android_us_12h_month_first_narrow_nbsp_and_bom() -> None:
    items = records(CONNECTOR, WA / "WhatsApp Chat with Tom.txt")
    assert table(items) == [
        (local(2026, 4, 5, 19, 15), "Maya Berg", "Tom! ICE tickets booked for the 18th, Jonas is coming too"),
        (local(2026, 4, 5, 19, 20), "Tom", "Super!! Ines is making fish soup"),
        (local(2026, 4, 18, 0, 0), "Maya Berg", "Happy birthday!! 37 🎉"),
        (local(2026, 4, 18, 0, 1), "Tom", "Thank you ❤️"),
        (local(2026, 5, 10, 11, 42), "Maya Berg", "IMG-20260510-WA0003.jpg (file attached)\nHiroshima okonomiyaki, round one"),
        (local(2026, 5, 10, 11, 45), "Tom", "!!!!!!!"),
        (local(2026, 5, 10, 12, 30), "Tom", "Osaka will win"),
    ]
    assert items[0].title == "Tom"


def test_android_german_dots_system_lines_and_media() -> None:
    items = records(CONNECTOR, WA / "WhatsApp-Chat mit Familie Berg.txt")
    assert table(items) == [
        (local(2026, 4, 5, 19, 2), "", "Tom hat die Gruppe „Familie Berg“ erstellt"),
        (local(2026, 4, 5, 19, 2), "", "Tom hat dich hinzugefügt"),
        (local(2026, 4, 5, 19, 5), "Tom", "Party am 18. um 15 Uhr, kommt alle!"),
        (local(2026, 4, 5, 19, 7), "Karin Berg", "Ich bringe die Marzipantorte mit"),
        (local(2026, 4, 5, 19, 8), "Ines Kramer", "<Medien ausgelassen>"),
        (local(2026, 4, 18, 16, 30), "Karin Berg", "IMG-20260418-WA0012.jpg (Datei angehängt)"),
        (local(2026, 4, 18, 16, 31), "Maya Berg", "Wie schön!\nAlles Gute nochmal, Tom"),
    ]
    assert [r.metadata.get("system", False) for r in items[:3]] == [True, True, False]
    assert items[4].metadata["media"] == "<Medien ausgelassen>"
    assert items[5].metadata["media"] == "IMG-20260418-WA0012.jpg (Datei angehängt)"
    assert items[0].title == "Familie Berg"


def test_android_spanish_a_m_p_m_with_no_break_spaces() -> None:
    items = records(CONNECTOR, WA / "Chat de WhatsApp con Lucía.txt")
    assert table(items) == [
        (local(2026, 3, 14, 9, 12), "Lucía", "¡Hola Maya! ¿Qué tal Berlín?"),
        (local(2026, 3, 14, 9, 30), "Maya Berg", "¡Hola! Todo bien, mucho trabajo"),
        (local(2026, 3, 14, 12, 5), "Lucía", "<Multimedia omitido>"),
        (local(2026, 3, 15, 0, 10), "Lucía", "Buenas noches 🌙"),
        (local(2026, 3, 15, 23, 59), "Maya Berg", "Se editó mi mensaje"),
    ]
    assert items[2].metadata["media"] == "<Multimedia omitido>"
    assert items[4].metadata["edited"] is True
    assert items[0].title == "Lucía"


def test_year_first_and_dashes() -> None:
    assert table(records(CONNECTOR, WA / "WhatsApp Chat with Sven.txt")) == [
        (local(2026, 3, 14, 9, 12), "Sven", "Hej Maya!"),
        (local(2026, 3, 14, 9, 13), "Maya Berg", "Hej! Long time"),
        (local(2026, 4, 1, 21, 0), "Sven", "Glad påsk"),
    ]
    eva = records(CONNECTOR, WA / "WhatsApp-chat met Eva.txt")
    assert table(eva) == [
        (local(2026, 3, 14, 9, 12), "Eva", "Hoi Maya"),
        (local(2026, 3, 14, 9, 13), "Eva", "<Media weggelaten>"),
        (local(2026, 4, 2, 18, 45), "Maya Berg", "Tot snel!"),
    ]
    assert eva[1].metadata["media"] == "<Media weggelaten>"


def test_ios_zip_with_left_to_right_marks() -> None:
    path = WA / "WhatsApp Chat - Jonas.zip"
    items = records(CONNECTOR, path)
    assert table(items) == [
        (local(2026, 2, 7, 19, 12, 44), "", "Messages and calls are end-to-end encrypted. No one outside of this chat, "
         "not even WhatsApp, can read or listen to them."),
        (local(2026, 2, 7, 19, 13, 2), "Jonas", "Dal is on the stove, 20 min"),
        (local(2026, 2, 7, 19, 13, 30), "Maya Berg", "On my way 🏃‍♀️"),
        (local(2026, 2, 22, 21, 4, 11), "Jonas", "image omitted"),
        (local(2026, 2, 22, 21, 5), "Jonas", "Flights via Helsinki, 690 each:\nhttps://flights.example/ber-hnd"),
        (local(2026, 2, 22, 21, 6, 13), "Maya Berg", "<attached: 00000012-PHOTO-2026-02-22-21-06-13.jpg>"),
        (local(2026, 2, 22, 21, 7), "Jonas", "Missed voice call"),
    ]
    assert items[0].metadata["system"] is True
    assert items[3].metadata["media"] == "image omitted"
    assert items[5].metadata["media"] == "<attached: 00000012-PHOTO-2026-02-22-21-06-13.jpg>"
    assert "system" not in items[6].metadata
    assert items[1].title == "Jonas"
    assert items[1].location == f"{path.resolve()}/_chat.txt#line2"


def test_ios_us_12h_folder_with_chat_txt() -> None:
    folder = WA / "WhatsApp Chat - Priya Nair"
    assert CONNECTOR.can_read(folder)
    items = records(CONNECTOR, folder)
    assert table(items) == [
        (local(2026, 3, 14, 9, 12, 44), "Priya Nair", "Morning! Panelwerk sent 14 candidates"),
        (local(2026, 3, 14, 9, 15, 2), "Maya Berg", "Great, let's pick 12"),
        (local(2026, 3, 14, 12, 5), "Priya Nair", "document omitted"),
        (local(2026, 3, 16, 20, 1, 30), "Priya Nair", "Screener v2 is in the drive"),
        (local(2026, 3, 16, 20, 2, 10), "", "Priya Nair changed the group description"),
    ]
    assert items[0].title == "Priya Nair"


def test_android_zip_with_the_named_text_file_and_media(tmp_path: Path) -> None:
    packed = tmp_path / "export.zip"
    with zipfile.ZipFile(packed, "w") as archive:
        archive.write(WA / "WhatsApp Chat with Tom.txt", "WhatsApp Chat with Tom.txt")
        archive.writestr("IMG-20260510-WA0003.jpg", b"\xff\xd8\xff\xe0" + bytes(32))
    assert CONNECTOR.can_read(packed)
    items = records(CONNECTOR, packed)
    assert table(items) == table(records(CONNECTOR, WA / "WhatsApp Chat with Tom.txt"))
    assert {r.title for r in items} == {"Tom"}
    assert items[0].location == f"{packed.resolve()}/WhatsApp Chat with Tom.txt#line1"


@pytest.mark.parametrize(("name", "expected"), [
    ("WhatsApp Chat with Anna Schmidt.txt", "Anna Schmidt"),
    ("WhatsApp Chat with Anna Schmidt (1).txt", "Anna Schmidt"),
    ("WhatsApp-Chat mit Familie Berg.txt", "Familie Berg"),
    ("WhatsApp Chat - Jonas.zip", "Jonas"),
    ("Chat de WhatsApp con Lucía.txt", "Lucía"),
    ("Discussion WhatsApp avec Élodie.txt", "Élodie"),
    ("WhatsApp-chat met Eva.txt", "Eva"),
    ("WhatsApp Chat - Tom/_chat.txt", "Tom"),
    ("anna.txt", "anna"),
])
def test_chat_name_from_file_zip_or_folder(name: str, expected: str) -> None:
    assert chat_name(Path("/exports") / name) == expected


def test_chat_option_names_the_chat(tmp_path: Path) -> None:
    items = records(CONNECTOR, WA / "WhatsApp Chat with Sven.txt", chat="Sven Lindqvist")
    assert {(r.title, r.thread, r.metadata["chat"]) for r in items} == {
        ("Sven Lindqvist", "whatsapp:Sven Lindqvist", "Sven Lindqvist")}


def test_detection_is_by_content_not_suffix(tmp_path: Path) -> None:
    for path in [*sorted(WA.glob("*.txt")), WA / "WhatsApp Chat - Jonas.zip", WA / "WhatsApp Chat - Priya Nair"]:
        assert CONNECTOR.can_read(path), path
    renamed = tmp_path / "export.dat"
    shutil.copy(WA / "WhatsApp Chat with Sven.txt", renamed)
    assert CONNECTOR.can_read(renamed)
    note = write(tmp_path / "diary.txt", "12/03/26, 10:00 - call with Anna about the budget\n- cut to 32,000\n- May\n")
    prose = write(tmp_path / "WhatsApp Chat with Nobody.txt", "Just some notes about WhatsApp.\nNothing else.\n")
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + bytes(100))
    plain_zip = tmp_path / "notes.zip"
    with zipfile.ZipFile(plain_zip, "w") as archive:
        archive.writestr("readme.txt", "hello\n")
    for path in (note, prose, photo, plain_zip, tmp_path, tmp_path / "missing.txt"):
        assert not CONNECTOR.can_read(path), path


def test_not_an_export_raises_source_error(tmp_path: Path) -> None:
    prose = write(tmp_path / "prose.txt", "Dear diary,\nnothing happened.\n")
    with pytest.raises(SourceError, match="not a WhatsApp chat export"):
        read(CONNECTOR, prose)
    with pytest.raises(SourceError, match="no such file"):
        read(CONNECTOR, tmp_path / "missing.txt")
    empty_zip = tmp_path / "WhatsApp Chat - X.zip"
    with zipfile.ZipFile(empty_zip, "w") as archive:
        archive.writestr("notes.txt", "hello\n")
    with pytest.raises(SourceError, match="no WhatsApp chat export"):
        read(CONNECTOR, empty_zip)


def test_bad_lines_are_skipped_and_reading_goes_on(tmp_path: Path) -> None:
    path = write(tmp_path / "WhatsApp Chat with Bo.txt", (
        "stray text from a cut export\nmore of it\n"
        "14/03/2026, 09:12 - Bo: first\n"
        "31/02/2026, 09:13 - Bo: the 31st of February\n"
        "a continuation of the bad message\n"
        "14/03/2026, 13:14 PM - Bo: hour 13 with PM\n"
        "15/03/2026, 10:00 - Bo: last\n"
    ))
    items = read(CONNECTOR, path)
    where = str(path.resolve())
    assert [str(i) if not isinstance(i, Record) else i.text for i in items] == [
        f"skipped {where}#line1: 2 lines of text before any message",
        "first",
        f"skipped {where}#line4: invalid date or time (day is out of range for month): '31/02/2026, 09:13 - Bo: the 31st of February'",
        f"skipped {where}#line6: hour 13 with PM: '14/03/2026, 13:14 PM - Bo: hour 13 with PM'",
        "last",
    ]


def test_ids_are_stable_across_runs_and_a_longer_export(tmp_path: Path) -> None:
    lines = (WA / "WhatsApp Chat with Anna Schmidt.txt").read_text(encoding="utf-8").splitlines()
    short = write(tmp_path / "a" / "WhatsApp Chat with Anna Schmidt.txt", "\n".join(lines[:9]) + "\n")
    longer = write(tmp_path / "b" / "WhatsApp Chat with Anna Schmidt.txt", "\n".join(
        [*lines, "21/03/2026, 08:00 - Anna Schmidt: one more", "21/03/2026, 08:00 - Anna Schmidt: ok"]) + "\n")
    first, again = records(CONNECTOR, short), records(CONNECTOR, short)
    assert [r.id for r in first] == [r.id for r in again]
    assert [r.content_hash for r in first] == [r.content_hash for r in again]
    later = [r.id for r in records(CONNECTOR, longer)]
    assert later[:len(first)] == [r.id for r in first]
    assert len(set(later)) == len(later) == 12


def test_day_month_ambiguity(tmp_path: Path) -> None:
    def dates(text: str) -> list[tuple[int, int]]:
        path = write(tmp_path / "WhatsApp Chat with X.txt", text)
        return [(r.timestamp.month, r.timestamp.day) for r in records(CONNECTOR, path)]

    # only days <= 12 and no order to go by: the convention of most locales, day first
    assert dates("03/04/26, 10:00 - X: a\n03/04/26, 11:00 - X: b\n") == [(4, 3), (4, 3)]
    assert dates("[03/04/26, 10:00:00] X: a\n") == [(4, 3)]
    # a day above 12 in second position proves month-first, even late in the file
    assert dates("03/04/26, 10:00 - X: a\n03/05/26, 10:00 - X: b\n03/14/26, 10:00 - X: c\n") == [
        (3, 4), (3, 5), (3, 14)]
    # a day above 12 in first position proves day-first
    assert dates("03/04/26, 10:00 - X: a\n14/04/26, 10:00 - X: b\n") == [(4, 3), (4, 14)]
    # no day above 12, but the export only runs forward in time when read month-first
    assert dates("3/1/26, 10:00 - X: a\n3/2/26, 10:00 - X: b\n3/5/26, 10:00 - X: c\n4/1/26, 10:00 - X: d\n") == [
        (3, 1), (3, 2), (3, 5), (4, 1)]


@pytest.mark.usefixtures("berlin_time")
def test_zone_less_times_are_local_time_across_daylight_saving(tmp_path: Path) -> None:
    path = write(tmp_path / "WhatsApp Chat with X.txt", "28/03/2026, 09:12 - X: winter\n30/03/2026, 09:12 - X: summer\n")
    winter, summer = records(CONNECTOR, path)
    assert (winter.timestamp.hour, winter.timestamp.utcoffset().total_seconds()) == (9, 3600)  # type: ignore[union-attr]
    assert (summer.timestamp.hour, summer.timestamp.utcoffset().total_seconds()) == (9, 7200)  # type: ignore[union-attr]


def test_truncated_file_keeps_every_whole_message(tmp_path: Path) -> None:
    data = (WA / "WhatsApp Chat with Tom.txt").read_bytes()
    cut = tmp_path / "WhatsApp Chat with Tom.txt"
    cut.write_bytes(data[: data.index(b"Osaka")] + "Osa\xe2".encode("latin-1"))
    items = records(CONNECTOR, cut)
    assert [r.timestamp for r in items] == [r.timestamp for r in records(CONNECTOR, WA / "WhatsApp Chat with Tom.txt")]
    assert items[-1].text.startswith("Osa")


def test_a_one_message_export_is_read_and_detected(tmp_path: Path) -> None:
    path = write(tmp_path / "WhatsApp Chat with X.txt", "14/03/2026, 09:12 - X: only one\n")
    assert not skipped(CONNECTOR, path)
    assert CONNECTOR.can_read(path)


def test_ios_marked_lines_of_the_contact_stay_theirs(tmp_path: Path) -> None:
    path = write(tmp_path / "WhatsApp Chat - Jonas" / "_chat.txt", (
        "[07/02/2026, 19:12:44] Jonas: \u200eThis message was deleted.\n"
        "[07/02/2026, 19:13:02] Jonas: \u200eMissed video call\n"
        "[07/02/2026, 19:14:00] Jonas: \u200eJonas changed their phone number to a new number.\n"
    ))
    deleted, call, number = records(CONNECTOR, path.parent)
    assert (deleted.author, deleted.metadata.get("deleted"), "system" in deleted.metadata) == ("Jonas", True, False)
    assert (call.author, "system" in call.metadata) == ("Jonas", False)
    assert (number.author, number.metadata["system"]) == ("", True)
