"""Facebook Messenger and Instagram JSON exports (`messages/inbox/<thread>/message_<n>.json`)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar

from connectors.chats.archive import SNIFF_BYTES, Archive, head_text, is_zip, load_json
from connectors.chats.message import Chat, Occurrences, chat_key, digest, from_epoch_ms
from twin.errors import SourceError
from twin.schema import Record, Skipped, Source

__all__ = ["MessengerConnector", "repair"]

_FILE = re.compile(r"(?:^|/)message_(\d+)\.json$")
_SIGNATURE = re.compile(r'"(?:sender_name|senderName)"\s*:')
_INBOXES = (
    ".", "inbox", "messages/inbox", "your_activity_across_facebook/messages/inbox",
    "your_facebook_activity/messages/inbox", "your_instagram_activity/messages/inbox",
)
_MEDIA = {"photos": "photo", "videos": "video", "audio_files": "audio", "gifs": "gif", "files": "file",
          "sticker": "sticker", "media": "media"}
_SYSTEM_TYPES = frozenset({"Subscribe", "Unsubscribe"})
_BAD = (KeyError, TypeError, ValueError, AttributeError, OverflowError, OSError)


def repair(text: str) -> str:
    """Undo Facebook's mojibake (UTF-8 bytes written as Latin-1 code points), only where the
    result is valid UTF-8: `FÃ¼r` → `Für`, while a correct `Für` or `😂` stays as it is."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def _looks_like_thread(head: str) -> bool:
    return head.lstrip().startswith("{") and '"participants"' in head and _SIGNATURE.search(head) is not None


def _sniff(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return _looks_like_thread(head_text(handle.read(SNIFF_BYTES)))
    except OSError:
        return False


def _text_of(message: dict[str, Any]) -> tuple[str, str | None]:
    """The message's text (content, or a placeholder for media, links and calls) and its media kind."""
    content = message.get("content", message.get("text"))
    text = repair(content) if isinstance(content, str) else ""
    media = next((kind for key, kind in _MEDIA.items() if message.get(key)), None)
    link = _link(message)
    if not text.strip():
        if link:
            text = link
        elif media is not None:
            text = f"[{media}]"
        elif message.get("is_unsent") or message.get("isUnsent"):
            text = "[unsent message]"
        elif message.get("type") == "Call":
            text = f"[call, {message.get('call_duration', 0)} s]"
    return text, media


def _link(message: dict[str, Any]) -> str | None:
    share = message.get("share")
    link = share.get("link") if isinstance(share, dict) else None
    return link if isinstance(link, str) and link else None


def _reactions(message: dict[str, Any]) -> str | None:
    found = message.get("reactions")
    if not isinstance(found, list):
        return None
    parts = [f"{repair(str(r.get('reaction', '')))} {repair(str(r.get('actor', '')))}".strip()
             for r in found if isinstance(r, dict)]
    return ", ".join(p for p in parts if p) or None


class MessengerConnector:
    """Messenger and Instagram threads: one Record per message, `timestamp_ms` kept exact (shown in local time)."""

    name: ClassVar[str] = "messenger"
    priority: ClassVar[int] = 70

    def can_read(self, path: Path) -> bool:
        try:
            if path.is_dir():
                return self._folder_sample(path) is not None
            if is_zip(path):
                with Archive(path) as archive:
                    first = next((n for n in archive.names if _FILE.search(n)), None)
                    return first is not None and _looks_like_thread(archive.head(first))
            return path.suffix.lower() == ".json" and _sniff(path)
        except (OSError, SourceError):
            return False

    @staticmethod
    def _folder_sample(folder: Path) -> Path | None:
        """One thread file that shows `folder` is a Messenger export, its inbox or one thread."""
        for candidate in folder.glob("message_*.json"):
            return candidate if _sniff(candidate) else None
        for inbox in _INBOXES:
            if (folder / inbox).is_dir():
                for candidate in (folder / inbox).glob("*/message_*.json"):
                    return candidate if _sniff(candidate) else None
        return None

    def read(self, source: Source, since: str | None) -> Iterator[Record | Skipped]:
        if source.path is None:
            raise SourceError(f"source {source.name}: no path")
        path = source.path.resolve()
        if path.is_file() and not is_zip(path):
            yield from self._read_file(source, path)
            return
        with Archive(path) as archive:
            threads: dict[str, list[tuple[int, str]]] = defaultdict(list)
            for name in archive.names:
                if found := _FILE.search(name):
                    threads[str(PurePosixPath(name).parent)].append((int(found[1]), name))
            if not threads:
                raise SourceError(f"{path}: no Messenger or Instagram thread (message_1.json) in it")
            for folder, files in sorted(threads.items()):
                # message_1 holds the newest messages: read the highest number first
                names = [name for _, name in sorted(files, reverse=True)]
                yield from self._read_thread(source, archive, names, PurePosixPath(folder).name)

    def _read_file(self, source: Source, path: Path) -> Iterator[Record | Skipped]:
        try:
            with open(path, "rb") as handle:
                data = load_json(handle, str(path))
        except OSError as exc:
            raise SourceError(f"{path}: cannot read: {exc.strerror or exc}") from None
        if not self._is_thread(data):
            raise SourceError(f"{path}: not a Messenger or Instagram thread (no participants and messages)")
        chat = self._chat(source, data, path.parent.name)
        yield from self._messages(chat, data["messages"], str(path), Occurrences())

    def _read_thread(self, source: Source, archive: Archive, names: list[str],
                     folder: str) -> Iterator[Record | Skipped]:
        """One thread's files, oldest first, one in memory at a time."""
        chat: Chat | None = None
        occurrences = Occurrences()
        for name in names:
            where = archive.location(name)
            try:
                data = archive.json(name)
            except SourceError as exc:
                yield Skipped(where, str(exc).removeprefix(where + ": "))
                continue
            if not self._is_thread(data):
                yield Skipped(where, "not a Messenger thread (no participants and messages)")
                continue
            chat = chat or self._chat(source, data, folder)
            yield from self._messages(chat, data["messages"], where, occurrences)

    @staticmethod
    def _is_thread(data: object) -> bool:
        return isinstance(data, dict) and isinstance(data.get("messages"), list) and "participants" in data

    def _chat(self, source: Source, data: dict[str, Any], folder: str) -> Chat:
        return Chat(self.name, chat_key(self._key(data, folder)), self._title(data), source.name)

    def _messages(self, chat: Chat, messages: list[Any], where: str,
                  occurrences: Occurrences) -> Iterator[Record | Skipped]:
        """One file's messages, oldest first (Facebook writes them newest first)."""
        newest_first = len(messages) > 1 and self._ms(messages[0]) >= self._ms(messages[-1])
        for message in (reversed(messages) if newest_first else messages):
            try:
                yield self._message(chat, message, where, occurrences)
            except _BAD as exc:
                ms = self._ms(message)
                yield Skipped(f"{where}#{ms if ms >= 0 else '?'}", f"bad message: {exc}")

    @staticmethod
    def _ms(message: object) -> int:
        if isinstance(message, dict):
            value = message.get("timestamp_ms", message.get("timestamp"))
            if isinstance(value, int) and not isinstance(value, bool):
                return value
        return -1

    @staticmethod
    def _key(data: dict[str, Any], folder: str) -> str:
        path = data.get("thread_path")
        if isinstance(path, str) and path.strip("/"):
            return path.strip("/").rsplit("/", 1)[-1]
        return folder or str(data.get("title") or data.get("threadName") or "thread")

    @staticmethod
    def _title(data: dict[str, Any]) -> str:
        title = data.get("title", data.get("threadName"))
        if isinstance(title, str) and title.strip():
            return repair(title)
        people = data.get("participants")
        names = [p.get("name") if isinstance(p, dict) else p for p in people] if isinstance(people, list) else []
        return ", ".join(repair(n) for n in names if isinstance(n, str)) or "Messenger thread"

    def _message(self, chat: Chat, message: Any, where: str, occurrences: Occurrences) -> Record:
        ms = self._ms(message)
        if ms < 0:
            raise ValueError("no timestamp_ms")
        sender = message.get("sender_name", message.get("senderName"))
        sender = repair(sender) if isinstance(sender, str) else ""
        text, media = _text_of(message)
        if not text.strip():
            raise ValueError("no content")
        native = f"{ms}-{digest(sender, text, occurrences.number(ms, (sender, text)))[:8]}"
        return chat.message(
            native, from_epoch_ms(ms), sender, text, f"{where}#{native}",
            system=message.get("type") in _SYSTEM_TYPES,
            media=media,
            link=_link(message),
            unsent=True if message.get("is_unsent") or message.get("isUnsent") else None,
            reactions=_reactions(message),
        )
