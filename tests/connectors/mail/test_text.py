"""The text helpers of the mail parser: HTML to text, quote stripping, charset fallbacks."""

from __future__ import annotations

import pytest

from connectors.mail.charsets import binary_share, decode_bytes
from connectors.mail.htmltext import html_to_text
from connectors.mail.quotes import is_forward, strip_quotes


def test_html_blocks_lines_and_lists() -> None:
    html = ("<div>Line one</div><div>Line two</div><p>Para<br/>break<br><br>blank</p>"
            "<ol><li>first<ul><li>nested</li></ul></li><li>second</li></ol><table><tr><td>a</td><td>b</td></tr>"
            "<tr><td>c</td><td>d</td></tr></table><pre>  keep   spacing\n  here</pre>")
    assert html_to_text(html) == ("Line one\nLine two\n\nPara\nbreak\n\nblank\n\n- first\n\n- nested\n\n- second\n\n"
                                  "a b\nc d\n\n  keep   spacing\n  here")


def test_html_drops_scripts_styles_and_hidden_text_and_unescapes() -> None:
    html = ("<style>td{}</style><script>if (a < b) {}</script><title>T</title><noscript>x</noscript>"
            "<span style='display: none'>preview &zwnj;</span><p>Tom &amp; Ines &lt;3 &#x1F382; &eacute;</p>")
    assert html_to_text(html) == "Tom & Ines <3 🎂 é"


def test_html_cited_blockquote_is_quoted_like_plain_text() -> None:
    html = ('<p>Works for me.</p><div class="gmail_quote">On Thu, 12 Mar 2026 at 11:30, Anna wrote:'
            '<blockquote class="gmail_quote"><p>Can you do 19–21 May?</p></blockquote></div>'
            '<blockquote>A quotation in the text itself stays.</blockquote>')
    text = html_to_text(html)
    assert "> Can you do 19–21 May?" in text
    assert "\nA quotation in the text itself stays." in text
    assert strip_quotes(text) == ("Works for me.\n\nA quotation in the text itself stays.", True)


def test_html_survives_broken_markup() -> None:
    assert html_to_text("<p>open <b>bold</p></i></div><li>item<p>after") == "open bold\n\n- item\n\nafter"


def test_signature_rules() -> None:
    assert strip_quotes("Text\n-- \nSig\n-- \nList footer") == ("Text", True)
    assert strip_quotes("Text\n--\nMaya") == ("Text", True)
    long_tail = "Intro\n--\n" + "\n".join(f"line {i}" for i in range(30))
    assert strip_quotes(long_tail) == (long_tail, False)


def test_outlook_header_needs_sent_and_to() -> None:
    text = "From: the desk of Herr Kowalski\nThe plumber comes on 6 March.\nTo: be confirmed"
    assert strip_quotes(text) == (text, False)


def test_two_line_attribution() -> None:
    text = ("Yes!\n\nOn Thu, 12 Mar 2026 at 11:30, Anna Schmidt\n<anna.schmidt@atlas-labs.example> wrote:\n"
            "> Can you do 19-21 May?")
    assert strip_quotes(text) == ("Yes!", True)


def test_unquoted_history_below_an_attribution_is_cut() -> None:
    text = "Thanks!\n\nOn 10 Feb 2026, at 08:12, Maya Berg <maya.berg@mailbox.example> wrote:\n\nDear Herr Kowalski"
    assert strip_quotes(text) == ("Thanks!", True)


@pytest.mark.parametrize(("subject", "forward"), [
    ("Fwd: Booking", True), ("FW: Miete", True), ("WG: Mieterhöhung", True), ("[list] Fwd: x", True),
    ("Re: Forward planning", False), ("Fwdx", False),
])
def test_forward_subjects(subject: str, forward: bool) -> None:
    assert is_forward(subject) is forward


@pytest.mark.parametrize(("data", "declared", "text", "note"), [
    (b"plain", None, "plain", None),
    ("Grüße".encode("cp1252"), None, "Grüße", "no charset declared, read as cp1252"),
    ("中文邮件".encode("gbk"), "gb2312", "中文邮件", None),
    (b"\x81\x8d", "utf-8", "\x81\x8d", "not valid utf-8, read as latin-1"),
    (b"abc", "base64", "abc", "unknown charset 'base64', read as utf-8"),
    (b"abc", '"UTF-8"', "abc", None),
])
def test_decode_bytes(data: bytes, declared: str | None, text: str, note: str | None) -> None:
    assert decode_bytes(data, declared) == (text, note)


def test_binary_share() -> None:
    assert binary_share("An ordinary sentence.\n\tIndented.") == 0
    assert binary_share(bytes(range(256)).decode("latin-1")) > 0.2
    assert binary_share("") == 0
