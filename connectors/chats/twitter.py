"""X (Twitter) archives, folder or zip: own tweets and replies (`data/tweets.js`) and direct messages."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Generator, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from connectors.chats.archive import READ_ERRORS, Archive, is_zip
from connectors.chats.message import Chat, chat_key
from twin.errors import SourceError
from twin.schema import Record, Skipped, Source

__all__ = ["TwitterConnector", "parse_ytd"]

_PREFIX = re.compile(r"^\s*window\.YTD\.[\w.]+\s*=\s*")
_TWEETS = re.compile(r"(?:^|/)data/(?:tweets?|tweet)(?:-part\d+)?\.js$")
_DMS = re.compile(r"(?:^|/)data/direct-messages(?P<group>-group)?(?:-part\d+)?\.js$")
_MARKERS = ("data/manifest.js", "data/account.js", "data/tweets.js", "data/tweet.js")
_BAD = (KeyError, TypeError, ValueError, AttributeError, OverflowError, OSError)


def parse_ytd(text: str) -> list[Any]:
    """The JSON list inside `window.YTD.<name>.part0 = [...]`; ValueError if it is not one."""
    found = _PREFIX.match(text)
    if found is None:
        raise ValueError("not a window.YTD script")
    data = json.loads(text[found.end():].strip().rstrip(";"))
    if not isinstance(data, list):
        raise ValueError("window.YTD value is not a list")
    return data


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _items(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


class TwitterConnector:
    """X archives: tweets as posts (thread `twitter:tweets`), DMs as one thread per conversation."""

    name: ClassVar[str] = "twitter"
    priority: ClassVar[int] = 70

    def can_read(self, path: Path) -> bool:
        """An archive folder or zip: `data/manifest.js`, `account.js` or `tweets.js` as `window.` scripts."""
        try:
            if path.is_dir():
                markers = [path / m for m in _MARKERS if (path / m).is_file()]
                if not markers:
                    return False
                with open(markers[0], "rb") as handle:
                    return b"window." in handle.read(200)
            if is_zip(path):
                with Archive(path) as archive:
                    found = [m for m in map(archive.find, _MARKERS) if m is not None]
                    return bool(found) and "window." in archive.head(found[0], 200)
        except (OSError, SourceError):
            return False
        return False

    def read(self, source: Source, since: str | None) -> Iterator[Record | Skipped]:
        if source.path is None:
            raise SourceError(f"source {source.name}: no path")
        with Archive(source.path) as archive:
            if not any(archive.find(marker) for marker in _MARKERS):
                raise SourceError(f"{archive.path}: not an X (Twitter) archive (no data/manifest.js or data/tweets.js)")
            names: dict[str, str] = {}
            owner_id, owner = yield from self._account(archive, names)
            for member in archive.names:
                if _TWEETS.search(member):
                    yield from self._tweets(archive, member, source, owner=owner, names=names)
            for member in archive.names:
                if found := _DMS.search(member):
                    yield from self._dms(archive, member, source, names, owner_id, group=found["group"] is not None)

    def _script(self, archive: Archive, member: str) -> list[Any] | Skipped:
        where = archive.location(member)
        try:
            with archive.open(member) as handle:
                return parse_ytd(handle.read().decode("utf-8-sig"))
        except (*READ_ERRORS, UnicodeDecodeError, ValueError, RecursionError) as exc:
            return Skipped(where, f"not a readable archive script: {exc}")

    def _account(self, archive: Archive, names: dict[str, str]) -> Generator[Skipped, None, tuple[str, str]]:
        """The owner's id and name from `data/account.js` (added to `names`); yields a Skipped if unreadable."""
        member = archive.find("data/account.js")
        owner_id, owner = "", ""
        if member is not None:
            items = self._script(archive, member)
            if isinstance(items, Skipped):
                yield items
            else:
                for item in items:
                    account = item.get("account") if isinstance(item, dict) else None
                    if isinstance(account, dict):
                        owner_id = str(account.get("accountId") or "")
                        owner = _str(account.get("accountDisplayName")) or _str(account.get("username")) or owner_id
                        if owner_id:
                            names[owner_id] = owner
        return owner_id, owner

    def _tweets(self, archive: Archive, member: str, source: Source, *, owner: str,
                names: dict[str, str]) -> Iterator[Record | Skipped]:
        items = self._script(archive, member)
        if isinstance(items, Skipped):
            yield items
            return
        chat = Chat(self.name, "tweets", f"Tweets of {owner}" if owner else "Tweets", source.name, kind="post")
        where = archive.location(member)
        posts: list[Record] = []  # the archive lists the newest first; the script is in memory anyway
        for index, item in enumerate(items):
            tweet = item.get("tweet", item) if isinstance(item, dict) else None
            tid = tweet.get("id_str", tweet.get("id")) if isinstance(tweet, dict) else None
            spot = f"{where}#{tid if isinstance(tid, (str, int)) else f'[{index}]'}"
            try:
                if not isinstance(tweet, dict) or not isinstance(tid, (str, int)):
                    raise ValueError("no tweet id")
                self._learn_names(tweet, names)
                posts.append(self._tweet(chat, tweet, str(tid), spot, owner))
            except _BAD as exc:
                yield Skipped(spot, f"bad tweet: {exc}")
        yield from sorted(posts, key=lambda post: post.timestamp)

    @staticmethod
    def _learn_names(tweet: dict[str, Any], names: dict[str, str]) -> None:
        """Mentions carry id, name and handle: the only place an archive names other people."""
        for mention in _items(_dict(tweet.get("entities")).get("user_mentions")):
            if isinstance(mention, dict) and (uid := _str(mention.get("id_str"))):
                names.setdefault(uid, _str(mention.get("name")) or "@" + str(mention.get("screen_name") or uid))

    @staticmethod
    def _tweet(chat: Chat, tweet: dict[str, Any], tid: str, where: str, owner: str) -> Record:
        when = datetime.strptime(str(tweet["created_at"]), "%a %b %d %H:%M:%S %z %Y").astimezone()
        text = html.unescape(str(tweet.get("full_text", tweet.get("text", ""))))
        for url in _items(_dict(tweet.get("entities")).get("urls")):
            if isinstance(url, dict) and _str(url.get("url")) and _str(url.get("expanded_url")):
                text = text.replace(url["url"], url["expanded_url"])
        attached = _items(_dict(tweet.get("extended_entities")).get("media"))
        media = [m.get("type") for m in attached if isinstance(m, dict)]
        return chat.message(
            tid, when, owner, text, where,
            reply_to=_str(tweet.get("in_reply_to_status_id_str")),
            reply_to_user=_str(tweet.get("in_reply_to_screen_name")),
            retweet=True if text.startswith("RT @") else None,
            media=", ".join(m for m in media if isinstance(m, str)) or None,
            likes=int(tweet["favorite_count"]) if str(tweet.get("favorite_count", "")).isdigit() else None,
        )

    def _dms(self, archive: Archive, member: str, source: Source, names: dict[str, str], owner_id: str, *,
             group: bool) -> Iterator[Record | Skipped]:
        items = self._script(archive, member)
        if isinstance(items, Skipped):
            yield items
            return
        where = archive.location(member)
        for index, item in enumerate(items):
            conversation = item.get("dmConversation") if isinstance(item, dict) else None
            cid = conversation.get("conversationId") if isinstance(conversation, dict) else None
            if not isinstance(conversation, dict) or not isinstance(cid, str) or not isinstance(
                    conversation.get("messages"), list):
                yield Skipped(f"{where}#[{index}]", "not a DM conversation")
                continue
            title = self._title(cid, conversation["messages"], names, owner_id, group)
            chat = Chat(self.name, chat_key(cid), title, source.name)
            yield from self._conversation(chat, conversation["messages"], where, names)

    def _conversation(self, chat: Chat, events: list[Any], where: str,
                      names: dict[str, str]) -> Iterator[Record | Skipped]:
        """A conversation's messages and events, oldest first (archives list them newest first)."""
        events = sorted((e for e in events if isinstance(e, dict) and e), key=_created)
        cid = chat.key
        for event in events:
            kind, body = next(iter(event.items()))
            spot = f"{where}#{body.get('id', cid) if isinstance(body, dict) else cid}"
            try:
                if not isinstance(body, dict):
                    raise ValueError(f"{kind} is not an object")
                record = self._event(chat, kind, body, spot, names)
            except _BAD as exc:
                yield Skipped(spot, f"bad direct message: {exc}")
                continue
            if record is not None:
                yield record

    @staticmethod
    def _title(cid: str, events: list[Any], names: dict[str, str], owner_id: str, group: bool) -> str:
        """The group's latest name, else the other people's names (or ids, where the archive has none)."""
        events = sorted((e for e in events if isinstance(e, dict) and e), key=_created)
        for event in reversed(events):
            body = event.get("conversationNameUpdate")
            if isinstance(body, dict) and _str(body.get("name")):
                return str(body["name"])
        if group:
            people: dict[str, None] = {}
            for event in events:
                body = next(iter(event.values()))
                if isinstance(body, dict):
                    snapshot = body.get("participantsSnapshot")
                    for uid in [body.get("senderId"), *(snapshot if isinstance(snapshot, list) else [])]:
                        if isinstance(uid, str) and uid:
                            people[names.get(uid, uid)] = None
            return ", ".join(people) or f"Group {cid}"
        others = [uid for uid in cid.split("-") if uid != owner_id]
        return ", ".join(names.get(uid, uid) for uid in others) or cid

    @staticmethod
    def _event(chat: Chat, kind: str, body: dict[str, Any], where: str, names: dict[str, str]) -> Record | None:
        when = datetime.fromisoformat(str(body["createdAt"]).replace("Z", "+00:00")).astimezone()
        if when.tzinfo is None:
            raise ValueError("createdAt without a time zone")
        if kind == "messageCreate":
            sender = names.get(str(body.get("senderId")), str(body.get("senderId") or ""))
            text = html.unescape(str(body.get("text") or ""))
            for url in _items(body.get("urls")):
                if isinstance(url, dict) and _str(url.get("url")) and _str(url.get("expanded")):
                    text = text.replace(url["url"], url["expanded"])
            media = [m for m in _items(body.get("mediaUrls")) if isinstance(m, str)]
            if not text.strip():
                text = "[media]" if media else ""
            if not text:
                raise ValueError("empty message")
            return chat.message(str(body["id"]), when, sender, text, where, media=", ".join(media) or None)
        who = names.get(str(body.get("initiatingUserId")), str(body.get("initiatingUserId") or "someone"))
        ids = body.get("userIds") or body.get("participantsSnapshot")
        users = ", ".join(names.get(u, u) for u in (ids if isinstance(ids, list) else []) if isinstance(u, str))
        texts = {
            "joinConversation": f"{who} added you to the conversation ({users})",
            "participantsJoin": f"{who} added {users}",
            "participantsLeave": f"{users} left",
            "conversationNameUpdate": f"{who} named the conversation «{body.get('name', '')}»",
        }
        if kind not in texts:
            return None
        native = body.get("id") or f"{kind}-{to_key(when)}"
        return chat.message(str(native), when, "", texts[kind], where, system=True)


def _created(event: dict[str, Any]) -> str:
    body = next(iter(event.values()))
    return str(body.get("createdAt", "")) if isinstance(body, dict) else ""


def to_key(when: datetime) -> str:
    """A compact id for an event that has none: its time in UTC to the millisecond."""
    return when.strftime("%Y%m%dT%H%M%S%f")[:-3]
