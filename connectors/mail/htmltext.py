"""HTML mail bodies as readable text: paragraphs, line breaks, list items and link text kept."""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["html_to_text"]

HIDDEN = frozenset({"script", "style", "title", "noscript", "template", "svg", "object"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                  "source", "track", "wbr"})
PARAGRAPH = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "blockquote",
                       "pre", "hr", "center", "figure"})
LINE = frozenset({"div", "tr", "dt", "dd", "section", "article", "header", "footer", "address", "figcaption",
                  "caption", "form", "fieldset", "main", "nav", "aside"})
_DISPLAY_NONE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all", re.I)
_INVISIBLE = re.compile(r"[\u00ad\u034f\u200b-\u200f\u2060\ufeff]")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


def _is_quote(attrs: dict[str, str]) -> bool:
    """A blockquote that quotes an earlier mail (Apple Mail, Thunderbird: type=cite; Gmail: gmail_quote)."""
    return attrs.get("type", "").lower() == "cite" or "quote" in attrs.get("class", "").lower()


class _TextWriter(HTMLParser):
    """Collects lines; quoted mail (cite blockquotes) comes out prefixed with `> ` as in plain text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.line: list[str] = []
        self.stack: list[tuple[str, bool, bool]] = []
        """Open elements: tag, hides its content, opens a quote."""
        self.hidden = 0
        self.quotes = 0
        self.pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): v or "" for k, v in attrs}
        if tag == "br":
            self._break()
        elif tag in PARAGRAPH:
            self._blank()
        elif tag in LINE:
            self._newline()
        elif tag == "li":
            self._newline()
            self.line.append("- ")
        elif tag in ("td", "th"):
            self.line.append(" ")
        if tag in VOID:
            return
        hides = tag in HIDDEN or bool(_DISPLAY_NONE.search(values.get("style", "")))
        quotes = tag == "blockquote" and _is_quote(values)
        self.stack.append((tag, hides, quotes))
        self.hidden += hides
        self.quotes += quotes
        self.pre += tag == "pre"

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or not any(open_tag == tag for open_tag, _, _ in self.stack):
            return  # a stray end tag: HTML in mail is rarely well formed
        if tag in PARAGRAPH or tag in LINE or tag == "li":
            self._newline()  # while the element's own state (pre, quote) still holds
        while self.stack:
            open_tag, hides, quotes = self.stack.pop()
            if quotes:
                self._newline()
            self.hidden -= hides
            self.quotes -= quotes
            self.pre -= open_tag == "pre"
            if open_tag == tag:
                break
        if tag in PARAGRAPH:
            self._blank()
        elif tag in LINE or tag == "li":
            self._newline()

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if self.pre:
            parts = data.split("\n")
            for part in parts[:-1]:
                self.line.append(part)
                self._newline()
            self.line.append(parts[-1])
        else:
            self.line.append(_SPACES.sub(" ", data))

    def _newline(self) -> None:
        text = "".join(self.line)
        text = text.rstrip() if self.pre else text.strip()
        self.line = []
        if text:
            self.lines.append("> " * self.quotes + text)

    def _break(self) -> None:
        """`<br>`: ends the line; a second one in a row leaves a blank line."""
        if "".join(self.line).strip():
            self._newline()
        elif self.lines and self.lines[-1] != "":
            self.lines.append("")
        self.line = []

    def _blank(self) -> None:
        self._newline()
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def text(self) -> str:
        self._newline()
        out: list[str] = []
        for line in self.lines:
            line = _INVISIBLE.sub("", line.replace("\xa0", " ")).rstrip()
            if line.strip("> ") or not out or out[-1]:
                out.append(line if line.strip("> ") else "")
        return "\n".join(out).strip()


def html_to_text(html: str) -> str:
    """Readable text of an HTML body: scripts, styles and hidden preheaders dropped, entities unescaped."""
    writer = _TextWriter()
    writer.feed(html)
    writer.close()
    return writer.text()
