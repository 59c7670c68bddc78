"""Telegram Desktop JSON exports (`result.json`): one chat, or a whole account with `chats.list`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from connectors.chats.archive import SNIFF_BYTES, head_text, load_json
from connectors.chats.message import Chat, chat_key, from_epoch_text
from twin.errors import SourceError
from twin.schema import Record, Skipped, Source

__all__ = ["TelegramConnector", "message_text"]

_SIGNATURE = re.compile(
    r'"date_unixtime"\s*:|"personal_information"\s*:|"type"\s*:\s*"(?:personal_chat|private_group|private_supergroup'
    r'|public_supergroup|private_channel|public_channel|saved_messages|bot_chat)"'
)
_MEDIA_KEYS = ("media_type", "photo", "file", "poll", "location_information", "contact_information")
_BAD = (KeyError, TypeError, ValueError, AttributeError, OverflowError, OSError)


def message_text(value: object) -> str:
    """Telegram's `text`: a string, or a list of strings and entities (`{"type": "bold", "text": …}`)."""
    if isinstance(value, str):
        return value
    if not isinstance(value, list):
        return ""
    parts = []
    for part in value:
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, dict) and isinstance(part.get("text"), str):
            text, href = part["text"], part.get("href")
            parts.append(f"{text} ({href})" if isinstance(href, str) and href and href != text else text)
    return "".join(parts)


def _media(message: dict[str, Any]) -> str | None:
    """What a message carries besides text: `photo`, `sticker 😀`, `voice_message`, …"""
    kind = message.get("media_type")
    if isinstance(kind, str):
        emoji = message.get("sticker_emoji")
        return f"{kind} {emoji}" if kind == "sticker" and isinstance(emoji, str) else kind
    for key in _MEDIA_KEYS[1:]:
        if key in message:
            return key.removesuffix("_information")
    return None


def _service_text(message: dict[str, Any], actor: str) -> str:
    action = str(message.get("action") or "service message").replace("_", " ")
    text = f"{actor} {action}".strip()
    if isinstance(message.get("title"), str) and message["title"]:
        text += f" «{message['title']}»"
    members = message.get("members")
    if isinstance(members, list) and members:
        text += ": " + ", ".join(str(m) for m in members if m is not None)
    if isinstance(message.get("duration_seconds"), int):
        text += f" ({message['duration_seconds']} s)"
    return text


class TelegramConnector:
    """Telegram Desktop exports in JSON: messages with their exact time (`date_unixtime`, UTC)."""

    name: ClassVar[str] = "telegram"
    priority: ClassVar[int] = 70

    def can_read(self, path: Path) -> bool:
        if path.is_dir():
            path = path / "result.json"
        if path.suffix.lower() != ".json" or not path.is_file():
            return False
        try:
            with open(path, "rb") as handle:
                head = head_text(handle.read(SNIFF_BYTES))
        except OSError:
            return False
        return head.lstrip().startswith("{") and _SIGNATURE.search(head) is not None

    def read(self, source: Source, since: str | None) -> Iterator[Record | Skipped]:
        if source.path is None:
            raise SourceError(f"source {source.name}: no path")
        path = source.path.resolve()
        if path.is_dir():
            path = path / "result.json"
        try:
            with open(path, "rb") as handle:
                data = load_json(handle, str(path))
        except OSError as exc:
            raise SourceError(f"{path}: cannot read: {exc.strerror or exc}") from None
        if not isinstance(data, dict):
            raise SourceError(f"{path}: not a Telegram export (no chat object)")
        if isinstance(data.get("messages"), list):
            yield from self._chat(source, path, data, whole_account=False)
            return
        if not isinstance(data.get("chats"), dict):
            raise SourceError(f"{path}: not a Telegram export (neither `messages` nor `chats.list`)")
        chats: list[Any] = []
        for key in ("chats", "left_chats"):
            section = data.get(key)
            if isinstance(section, dict) and isinstance(section.get("list"), list):
                chats.extend(section["list"])
        for index, chat in enumerate(chats):
            if isinstance(chat, dict) and isinstance(chat.get("messages"), list):
                yield from self._chat(source, path, chat, whole_account=True)
            else:
                yield Skipped(f"{path}#chats.list[{index}]", "not a chat with messages")

    def _chat(self, source: Source, path: Path, data: dict[str, Any], *,
              whole_account: bool) -> Iterator[Record | Skipped]:
        kind = data.get("type")
        title = data.get("name") if isinstance(data.get("name"), str) else None
        title = title or ("Saved Messages" if kind == "saved_messages" else "Telegram chat")
        native = data.get("id")
        key = chat_key(str(native) if isinstance(native, (int, str)) and native != "" else title)
        chat = Chat(self.name, key, title, source.name)
        prefix = f"{path}#{key}/" if whole_account else f"{path}#"
        for index, message in enumerate(data["messages"]):
            mid = message.get("id") if isinstance(message, dict) else None
            where = f"{prefix}{mid if isinstance(mid, (int, str)) else f'[{index}]'}"
            if not isinstance(message, dict) or not isinstance(mid, (int, str)):
                yield Skipped(where, "not a message with an id")
                continue
            try:
                yield self._message(chat, message, where, kind)
            except _BAD as exc:
                yield Skipped(where, f"bad message: {exc}")

    @staticmethod
    def _when(message: dict[str, Any]) -> tuple[datetime, str | None]:
        """`date_unixtime` (UTC) when the export has it; older exports only have local `date`."""
        if "date_unixtime" in message:
            return from_epoch_text(message["date_unixtime"]), None
        date = message.get("date")
        if not isinstance(date, str):
            raise ValueError("no date")
        moment = datetime.fromisoformat(date)
        return (moment if moment.tzinfo else moment.astimezone()), "local date"

    def _message(self, chat: Chat, message: dict[str, Any], where: str, kind: object) -> Record:
        when, date_from = self._when(message)
        service = message.get("type") == "service"
        sender_key = "actor" if service else "from"
        sender = message.get(sender_key)
        if not isinstance(sender, str):
            sender = "" if service else ("Deleted Account" if sender_key in message else chat.title)
        text = message_text(message.get("text"))
        media = None if service else _media(message)
        if service:
            text = text or _service_text(message, sender)
        elif not text.strip():
            if media is None:
                raise ValueError("no text and no media")
            text = f"[{media}]"
        if kind in {"public_channel", "private_channel"}:
            sender = sender or chat.title
        reply = message.get("reply_to_message_id")
        forwarded = message.get("forwarded_from")
        return chat.message(
            message["id"], when, sender, text, where,
            system=service,
            reply_to=str(reply) if isinstance(reply, (int, str)) else None,
            media=media,
            edited=True if "edited_unixtime" in message or "edited" in message else None,
            forwarded_from=forwarded if isinstance(forwarded, str) else None,
            date_from=date_from,
        )
