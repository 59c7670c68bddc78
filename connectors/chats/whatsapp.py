"""WhatsApp chat exports (`.txt`, or the `.zip` holding `_chat.txt`), Android and iOS, any locale."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, ClassVar

from connectors.chats.archive import READ_ERRORS, SNIFF_BYTES, head_text, is_zip
from connectors.chats.message import Chat, LocalTime, Occurrences, chat_key, digest
from twin.errors import SourceError
from twin.schema import Record, Skipped, Source

__all__ = ["WhatsAppConnector", "chat_name", "infer_day_first", "match_header"]

_MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
_SP = "[ \u00a0\u202f]"
_DATE = (
    r"(?:(?P<Y>[0-9]{4})(?P<s1>[./-])(?P<M>[0-9]{1,2})(?P=s1)(?P<D>[0-9]{1,2})"
    r"|(?P<a>[0-9]{1,2})(?P<s2>[./-])(?P<b>[0-9]{1,2})(?P=s2)(?P<c>[0-9]{4}|[0-9]{2})(?![0-9]))\.?"
)
_TIME = (
    rf"(?P<h>[0-9]{{1,2}})[:.](?P<m>[0-9]{{2}})(?:[:.](?P<s>[0-9]{{2}}))?"
    rf"(?:{_SP}*(?P<ampm>[aApP]\.?{_SP}?[mM]\.?))?"
)
_ANDROID = re.compile(rf"[{_MARKS}]*{_DATE},?{_SP}+{_TIME}{_SP}*[-–]{_SP}(?P<rest>.*)")
"""`14/03/26, 09:12 - Anna: text`, `3/14/26, 9:12 PM - …`, `2026-03-14 09:12 - …`."""
_IOS = re.compile(rf"[{_MARKS}]*\[{_DATE},?{_SP}*{_TIME}\]{_SP}?(?P<rest>.*)")
"""`[14/03/2026, 09:12:44] Anna: text`, `‎[3/14/26, 9:12:44 AM] …`."""
_STARTS = frozenset("0123456789[" + _MARKS)

_FILE_NAME = re.compile(
    r"whats\s*app.*?(?:\s[-–]\s|\s(?:with|mit|met|con|com|avec|med|z|ze|ile|с)\s)(?P<name>.+)$", re.I)
_COPY_SUFFIX = re.compile(r"\s*\(\d+\)$")

_MEDIA = re.compile(
    r"<(?:Media omitted|Medien ausgelassen|Multimedia omitido|Médias omis|Media weggelaten|Mídia oculta"
    r"|Media omessi|Media omesso)>"
    r"|^(?:image|video|audio|sticker|GIF|document|Contact card|photo) omitted$"
    r"|^(?:Bild|Video|Audio|Sticker|GIF|Dokument|Kontaktkarte) weggelassen$"
    r"|<(?:attached|Anhang|adjunto|pièce jointe|allegato|anexado|bijlage): [^>]+>"
    r"|^\S.*\.\w{2,5} \((?:file attached|Datei angehängt|archivo adjunto|fichier joint|file allegato"
    r"|arquivo anexado|bestand bijgevoegd)\)$",
    re.I,
)
_CALL = re.compile(r"^(?:Missed )?(?:voice|video) call|^(?:Verpasster )?(?:Sprach|Video)anruf", re.I)
_SYSTEM = re.compile(
    r"end-to-end encrypted|Ende-zu-Ende-verschlüsselt|cifrados de extremo a extremo|chiffrés de bout en bout"
    r"| created (?:the )?group| added | removed | left$| joined using|changed the (?:subject|group)"
    r"|changed this group's|security code|disappearing messages|changed (?:their|your) phone number"
    r"|hinzugefügt|entfernt|hat die Gruppe|Sicherheitsnummer|hat den Betreff|selbstlöschende",
    re.I,
)
_EDITED = re.compile(r"\s*<(?:This message was edited|Diese Nachricht wurde bearbeitet"
                     r"|Se editó este mensaje|Ce message a été modifié)>$")
_DELETED = re.compile(r"^(?:This message was deleted|You deleted this message|Diese Nachricht wurde gelöscht"
                      r"|Du hast diese Nachricht gelöscht|Se eliminó este mensaje|Eliminaste este mensaje)\.?$")
_MEDIA_ENDS = (")", "omitted", "weggelassen")
_QUOTES = re.compile("[\"“”«»]")
_SENDER_STRIP = _MARKS + " \u00a0\u202f~"
_TEXT_STRIP = _MARKS + " "
_BLANK = _MARKS + " \t\r\n"
MAX_SENDER = 80
"""A longer "sender" before `: ` is a system line that happens to contain a colon."""


def match_header(line: str) -> re.Match[str] | None:
    """The match of a message's first line (date, time, rest), or None for a continuation line."""
    if not line or line[0] not in _STARTS:
        return None
    pattern = _IOS if line.lstrip(_MARKS).startswith("[") else _ANDROID
    return pattern.match(line)


def infer_day_first(lines: Iterator[str]) -> bool:
    """Whether `a/b/y` dates are day-first, decided over the whole file.

    A first number above 12 proves day-first, a second one month-first (the majority wins if
    a file has both). Without such a day, the reading under which the export runs forward in
    time wins; a tie falls back to day-first, the convention of most locales and of Android.
    """
    proves_day = proves_month = 0
    back_day = back_month = 0
    enough = 200  # one-sided proof this often settles it; no need to read on
    last_day: tuple[int, int, int] | None = None
    last_month: tuple[int, int, int] | None = None
    for line in lines:
        match = match_header(line)
        if match is None or match["a"] is None:
            continue
        a, b, year = int(match["a"]), int(match["b"]), int(match["c"])
        proves_day += a > 12
        proves_month += b > 12
        if (proves_day >= enough and not proves_month) or (proves_month >= enough and not proves_day):
            break
        as_day, as_month = (year, b, a), (year, a, b)
        if last_day is not None and last_month is not None:
            back_day += as_day < last_day
            back_month += as_month < last_month
        last_day, last_month = as_day, as_month
    if proves_day or proves_month:
        return proves_day >= proves_month
    return back_day <= back_month


def moment(match: re.Match[str], day_first: bool) -> datetime | str:
    """The naive wall-clock time of a header, or why it is not a valid one."""
    if match["Y"] is not None:
        year, month, day = int(match["Y"]), int(match["M"]), int(match["D"])
    else:
        a, b, year = int(match["a"]), int(match["b"]), int(match["c"])
        if len(match["c"]) == 2:
            year += 2000
        day, month = (a, b) if day_first else (b, a)
    hour = int(match["h"])
    if ampm := match["ampm"]:
        if not 1 <= hour <= 12:
            return f"hour {hour} with {ampm.strip()}"
        hour = hour % 12 + (12 if ampm[0] in "pP" else 0)
    try:
        return datetime(year, month, day, hour, int(match["m"]), int(match["s"] or 0))
    except ValueError as exc:
        return f"invalid date or time ({exc})"


def chat_name(path: Path) -> str:
    """The chat's name from an export's file, zip or folder name (`WhatsApp Chat with Anna.txt` → Anna)."""
    stem = path.stem if path.suffix.lower() in {".txt", ".zip"} else path.name
    if stem.lower() == "_chat" and path.parent != path:
        return chat_name(path.parent)
    found = _FILE_NAME.search(stem)
    name = found["name"] if found else stem
    return _COPY_SUFFIX.sub("", name).strip() or stem


@dataclass(slots=True)
class _Pending:
    """The message being read: its header, and continuation lines as they come."""

    line: int
    when: datetime
    rest: str
    more: list[str] | None = None


Opener = Callable[[], AbstractContextManager[IO[str]]]


class WhatsAppConnector:
    """WhatsApp exports: one Record per message, dated to the minute (or second) in local time."""

    name: ClassVar[str] = "whatsapp"
    priority: ClassVar[int] = 70

    def can_read(self, path: Path) -> bool:
        try:
            if path.is_dir():
                return self._folder_member(path) is not None
            if is_zip(path):
                with zipfile.ZipFile(path) as archive:
                    return self._zip_member(archive) is not None
            with open(path, "rb") as handle:
                return looks_like_export(head_text(handle.read(SNIFF_BYTES)))
        except READ_ERRORS:
            return False

    def read(self, source: Source, since: str | None) -> Iterator[Record | Skipped]:
        if source.path is None:
            raise SourceError(f"source {source.name}: no path")
        path = source.path.resolve()
        if not path.exists():
            raise SourceError(f"{path}: no such file or folder")
        if path.is_dir():
            member = self._folder_member(path)
            if member is None:
                raise SourceError(f"{path}: no WhatsApp chat export (_chat.txt) in this folder")
            yield from self._read_text(source, member, str(member), chat_name(member))
        elif is_zip(path):
            yield from self._read_zip(source, path)
        else:
            yield from self._read_text(source, path, str(path), chat_name(path))

    def _read_text(self, source: Source, path: Path, where: str, name: str) -> Iterator[Record | Skipped]:
        def opener() -> IO[str]:
            return open(path, encoding="utf-8-sig", errors="replace")

        try:
            yield from self.parse(opener, where, self._chat(source, name))
        except OSError as exc:
            raise SourceError(f"{where}: cannot read: {exc.strerror or exc}") from None

    def _read_zip(self, source: Source, path: Path) -> Iterator[Record | Skipped]:
        try:
            archive = zipfile.ZipFile(path)
        except (OSError, zipfile.BadZipFile) as exc:
            raise SourceError(f"{path}: not a readable zip file: {exc}") from None
        with archive:
            member = self._zip_member(archive)
            if member is None:
                raise SourceError(f"{path}: no WhatsApp chat export (_chat.txt) in this zip")
            member_name = Path(member).name
            name = chat_name(path) if member_name.lower() == "_chat.txt" else chat_name(Path(member_name))

            def opener() -> IO[str]:
                return io.TextIOWrapper(archive.open(member), encoding="utf-8-sig", errors="replace")

            try:
                yield from self.parse(opener, f"{path}/{member}", self._chat(source, name))
            except READ_ERRORS as exc:
                raise SourceError(f"{path}/{member}: cannot read: {exc}") from None

    def _chat(self, source: Source, name: str) -> Chat:
        title = str(source.options.get("chat") or name)
        return Chat(self.name, chat_key(title), title, source.name)

    @staticmethod
    def _folder_member(folder: Path) -> Path | None:
        """`_chat.txt` of an unzipped iOS export; a folder of `.txt` exports is walked file by file."""
        candidate = folder / "_chat.txt"
        if candidate.is_file():
            with open(candidate, "rb") as handle:
                if looks_like_export(head_text(handle.read(SNIFF_BYTES))):
                    return candidate
        return None

    @staticmethod
    def _zip_member(archive: zipfile.ZipFile) -> str | None:
        texts = [n for n in archive.namelist() if n.lower().endswith(".txt") and "__MACOSX" not in n]
        texts.sort(key=lambda n: (Path(n).name.lower() != "_chat.txt", "whatsapp" not in n.lower(), n))
        for name in texts[:5]:
            try:
                with archive.open(name) as handle:
                    head = head_text(handle.read(SNIFF_BYTES))
            except READ_ERRORS:
                continue  # encrypted or corrupt: not the chat we can read
            if looks_like_export(head):
                return name
        return None

    def parse(self, opener: Opener, where: str, chat: Chat) -> Iterator[Record | Skipped]:
        """Two streaming passes over the text: the date order first, then the messages."""
        with opener() as handle:
            day_first = infer_day_first(iter(handle))
        pending: _Pending | None = None
        orphans: list[int] = []  # [first line, count] of text before any message
        dropping = False
        occurrences, clock = Occurrences(), LocalTime()
        headers = 0
        with opener() as handle:
            for number, line in enumerate(handle, 1):
                match = match_header(line)  # `rest` stops before the newline
                if match is None:
                    if pending is not None:
                        if pending.more is None:
                            pending.more = []
                        pending.more.append(line.rstrip("\r\n"))
                    elif not dropping and line.strip(_BLANK):
                        orphans = [orphans[0], orphans[1] + 1] if orphans else [number, 1]
                    continue
                headers += 1
                if pending is not None:
                    yield self._record(pending, chat, where, occurrences, clock)
                    pending = None
                if orphans:
                    yield _orphans(where, orphans)
                    orphans = []
                when = moment(match, day_first)
                dropping = isinstance(when, str)
                if isinstance(when, str):
                    yield Skipped(f"{where}#line{number}", f"{when}: {line.rstrip()[:60]!r}")
                    continue
                pending = _Pending(number, when, match["rest"])
        if headers == 0:
            raise SourceError(f"{where}: not a WhatsApp chat export (no line starts with a date and time)")
        if pending is not None:
            yield self._record(pending, chat, where, occurrences, clock)
        if orphans:
            yield _orphans(where, orphans)

    def _record(self, pending: _Pending, chat: Chat, where: str, occurrences: Occurrences,
                clock: LocalTime) -> Record:
        rest = pending.rest
        sender, colon, text = rest.partition(": ")
        sender = sender.strip(_SENDER_STRIP)
        system = not colon or not sender or len(sender) > MAX_SENDER or _QUOTES.search(sender) is not None
        if system:
            sender, text = "", rest
        first = text.lstrip(_TEXT_STRIP)
        marked = first is not text and first != text.lstrip(" ")  # iOS marks media and system text with U+200E
        head = first.rstrip()
        text = "\n".join([first, *pending.more]).rstrip() if pending.more else head
        media = _MEDIA.search(head) if "<" in head or head.endswith(_MEDIA_ENDS) else None
        if marked and not system and not media and not _CALL.match(head) and not _DELETED.match(head):
            # iOS writes a group's system lines as sent by the group itself, with a U+200E mark
            system = sender == chat.title or bool(_SYSTEM.search(head))
        edited = _EDITED.search(text) if text.endswith(">") else None
        if edited:
            text = text[:edited.start()]
        if system:
            sender = ""
        naive = pending.when
        occurrence = occurrences.number(naive, (sender, text))
        return chat.message(
            digest(chat.title, naive.isoformat(), sender, text, occurrence),
            clock.aware(naive),
            sender,
            text,
            f"{where}#line{pending.line}",
            system=system,
            media=media.group(0).strip(_TEXT_STRIP) if media else None,
            edited=True if edited else None,
            deleted=True if _DELETED.match(text) else None,
        )


def _orphans(where: str, orphans: list[int]) -> Skipped:
    """Text before the first message (a cut or edited export): one line for the whole run."""
    return Skipped(f"{where}#line{orphans[0]}", f"{orphans[1]} lines of text before any message")


def looks_like_export(head: str) -> bool:
    """The first non-blank line of `head` starts a message, and so does another within 20 lines
    (or it is the only line): a diary note that starts with a date is not claimed."""
    lines = [line for line in head.splitlines()[:200] if line.strip(_MARKS + " \t")][:20]
    if not lines or match_header(lines[0]) is None:
        return False
    return len(lines) == 1 or sum(match_header(line) is not None for line in lines) >= 2
