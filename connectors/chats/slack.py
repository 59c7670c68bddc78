"""Slack workspace exports (folder or zip): `users.json`, `channels.json`, `<channel>/<day>.json`."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from connectors.chats.archive import Archive, is_zip
from connectors.chats.message import Chat, chat_key, from_epoch_text
from twin.errors import SourceError
from twin.schema import Record, Skipped, Source

__all__ = ["SlackConnector", "resolve_markup", "user_name"]

_DAY = re.compile(r"^(?P<folder>.+)/(?P<day>\d{4}-\d\d-\d\d)\.json$")
_MARKUP = re.compile(r"<([^<>\n]+)>")
_SYSTEM = frozenset({
    "channel_join", "channel_leave", "channel_topic", "channel_purpose", "channel_name", "channel_archive",
    "channel_unarchive", "group_join", "group_leave", "group_topic", "group_purpose", "group_name",
    "group_archive", "group_unarchive", "pinned_item", "unpinned_item", "bot_add", "bot_remove",
})
_BAD = (KeyError, TypeError, ValueError, AttributeError, OverflowError, OSError)


def user_name(user: Mapping[str, Any]) -> str:
    """A Slack user's name as people see it: real name, else display name, else the handle."""
    profile = user["profile"] if isinstance(user.get("profile"), dict) else {}
    for value in (user.get("real_name"), profile.get("real_name"), profile.get("display_name"), user.get("name")):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return str(user.get("id") or "")


def resolve_markup(text: str, users: Mapping[str, str], channels: Mapping[str, str]) -> str:
    """Slack's `<@U1>`, `<#C1|name>`, `<!here>` and `<http://x|label>` as a reader writes them."""

    def one(match: re.Match[str]) -> str:
        target, _, label = match[1].partition("|")
        if target.startswith("@"):
            return "@" + (users.get(target[1:]) or label.lstrip("@") or target[1:])
        if target.startswith("#"):
            return "#" + (label or channels.get(target[1:]) or target[1:])
        if target.startswith("!"):
            if label:
                return label if label.startswith("@") or not target.startswith("!subteam") else "@" + label
            return "@" + target[1:].split("^")[0]
        if not label or label == target or label == target.split(":", 1)[-1].lstrip("/"):
            return label or target
        return f"{label} ({target})"

    resolved = _MARKUP.sub(one, text)
    return resolved.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


@dataclass(frozen=True)
class _Conversation:
    key: str
    title: str


def _sort_key(message: object) -> tuple[int, str]:
    """A message's `ts` as a sortable number (exact: no float)."""
    ts = message.get("ts") if isinstance(message, dict) else None
    if isinstance(ts, str) and ts.partition(".")[0].isdigit():
        whole, _, fraction = ts.partition(".")
        return int(whole), fraction.ljust(6, "0")
    return -1, ""


def _list(data: object) -> list[dict[str, Any]]:
    return [item for item in data if isinstance(item, dict)] if isinstance(data, list) else []


class SlackConnector:
    """Slack exports: a Record per message, `ts` kept exact (shown in local time), names and mentions resolved."""

    name: ClassVar[str] = "slack"
    priority: ClassVar[int] = 70

    def can_read(self, path: Path) -> bool:
        try:
            if path.is_dir():
                return (path / "users.json").is_file() and (path / "channels.json").is_file()
            if is_zip(path):
                with Archive(path) as archive:
                    return self._root(archive) is not None
        except (OSError, SourceError):
            return False
        return False

    @staticmethod
    def _root(archive: Archive) -> str | None:
        """The prefix of the export inside the archive ('' or 'Workspace export/')."""
        users = archive.find("users.json")
        if users is None:
            return None
        root = users[: -len("users.json")]
        return root if root + "channels.json" in archive.names else None

    def read(self, source: Source, since: str | None) -> Iterator[Record | Skipped]:
        if source.path is None:
            raise SourceError(f"source {source.name}: no path")
        with Archive(source.path) as archive:
            root = self._root(archive)
            if root is None:
                raise SourceError(f"{archive.path}: not a Slack export (no users.json beside channels.json)")
            listed = _list(archive.json(root + "users.json"))
            users = {u["id"]: user_name(u) for u in listed if isinstance(u.get("id"), str)}
            channels, conversations = self._conversations(archive, root, users)
            days: dict[str, list[str]] = defaultdict(list)
            for name in archive.names:
                if name.startswith(root) and (found := _DAY.match(name[len(root):])) and "/" not in found["folder"]:
                    days[found["folder"]].append(name)
            for folder, files in sorted(days.items()):
                known = conversations.get(folder) or _Conversation(folder, f"#{folder}")
                chat = Chat(self.name, chat_key(known.key), known.title, source.name)
                for name in sorted(files):
                    yield from self._day(archive, name, chat, users, channels)

    def _conversations(self, archive: Archive, root: str,
                       users: dict[str, str]) -> tuple[dict[str, str], dict[str, _Conversation]]:
        """Channel id to name, and each message folder's conversation (channels, groups, DMs, group DMs)."""
        channels: dict[str, str] = {}
        found: dict[str, _Conversation] = {}
        for listing in ("channels.json", "groups.json", "mpims.json", "dms.json"):
            if root + listing not in archive.names:
                continue
            for item in _list(archive.json(root + listing)):
                cid, name = item.get("id"), item.get("name")
                if not isinstance(cid, str):
                    continue
                members = [users.get(m, m) for m in item.get("members") or [] if isinstance(m, str)]
                if listing in ("channels.json", "groups.json") and isinstance(name, str):
                    channels[cid] = name
                    found[name] = _Conversation(cid, f"#{name}")
                else:
                    folder = name if isinstance(name, str) and listing == "mpims.json" else cid
                    found[folder] = _Conversation(cid, ", ".join(members) or folder)
        return channels, found

    def _day(self, archive: Archive, name: str, chat: Chat, users: dict[str, str],
             channels: dict[str, str]) -> Iterator[Record | Skipped]:
        where = archive.location(name)
        try:
            messages = archive.json(name)
        except SourceError as exc:
            yield Skipped(where, str(exc).removeprefix(where + ": "))
            return
        if not isinstance(messages, list):
            yield Skipped(where, "not a list of messages")
            return
        # exports list a day in time order; keep it so even when they do not (ts sorts as a number)
        numbered = sorted(enumerate(messages), key=lambda pair: _sort_key(pair[1]))
        for index, message in numbered:
            ts = message.get("ts") if isinstance(message, dict) else None
            spot = f"{where}#{ts if isinstance(ts, str) else f'[{index}]'}"
            try:
                yield self._message(chat, message, spot, users, channels)
            except _BAD as exc:
                yield Skipped(spot, f"bad message: {exc}")

    def _message(self, chat: Chat, message: dict[str, Any], where: str, users: dict[str, str],
                 channels: dict[str, str]) -> Record:
        ts = message["ts"]
        if not isinstance(ts, str):
            raise ValueError(f"ts is {ts!r}")
        subtype = message.get("subtype")
        text = resolve_markup(str(message.get("text") or ""), users, channels)
        named = [f.get("name") or f.get("title") for f in _list(message.get("files"))]
        files = [f for f in named if isinstance(f, str)]
        if not text.strip():
            attachments = [a.get("fallback") or a.get("text") for a in _list(message.get("attachments"))]
            text = "\n".join(str(a) for a in attachments if isinstance(a, str)) or (
                f"[file: {', '.join(files)}]" if files else "")
        if not text.strip():
            raise ValueError("no text")
        thread_ts = message.get("thread_ts")
        thread_ts = thread_ts if isinstance(thread_ts, str) else None
        return chat.message(
            ts, from_epoch_text(ts), self._sender(message, users), text, where,
            system=subtype in _SYSTEM,
            thread_ts=thread_ts,
            reply_to=thread_ts if thread_ts and thread_ts != ts else None,
            edited=True if isinstance(message.get("edited"), dict) else None,
            subtype=subtype if isinstance(subtype, str) else None,
            media=", ".join(files) or None,
        )

    @staticmethod
    def _sender(message: dict[str, Any], users: dict[str, str]) -> str:
        user = message.get("user")
        if isinstance(user, str) and user in users:
            return users[user]
        for profile in (message.get("user_profile"), message.get("bot_profile")):
            if isinstance(profile, dict) and (name := user_name(profile)):
                return name
        username = message.get("username")
        if isinstance(username, str) and username:
            return username
        return user if isinstance(user, str) else ""
