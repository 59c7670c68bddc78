"""parse_message on generated messages: bodies, encodings, headers, attachments, quotes, threads, dates, ids."""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime, timedelta, timezone

import pytest

from twin.schema import Record, Skipped

from .conftest import mail, multipart, one, parse

# Bodies: plain preferred, HTML converted when it is all there is.


def test_alternative_prefers_plain_text() -> None:
    raw = multipart([("Content-Type: text/plain; charset=utf-8", "Plain words about the budget."),
                     ("Content-Type: text/html; charset=utf-8", "<p>HTML words</p>")], "alternative")
    record = one(raw)
    assert record.text == "Plain words about the budget."
    assert "format" not in record.metadata


def test_alternative_with_empty_plain_uses_html() -> None:
    raw = multipart([("Content-Type: text/plain; charset=utf-8", "  \n"),
                     ("Content-Type: text/html; charset=utf-8", "<p>Only the <b>HTML</b> has words.</p>")],
                    "alternative")
    record = one(raw)
    assert record.text == "Only the HTML has words."
    assert record.metadata["format"] == "html"


def test_html_only_becomes_readable_text() -> None:
    html = """<html><head><title>Newsletter</title><style>p {color: red}</style></head><body>
<div style="display:none">hidden preheader&zwnj;&nbsp;</div>
<h1>Spring&nbsp;sale</h1><p>Books &amp; tea &ndash; 20% off.<br>Until Sunday.</p>
<ul><li>The Book of Tea</li><li><a href="https://shop.example/x?utm=1">Kitchen</a></li></ul>
<script>track();</script><p>Caf&eacute; &#8364;5</p></body></html>"""
    record = one(mail(html, Content_Type="text/html; charset=utf-8"))
    assert record.text == ("Spring sale\n\nBooks & tea – 20% off.\nUntil Sunday.\n\n- The Book of Tea\n- Kitchen"
                           "\n\nCafé €5")
    assert record.metadata["format"] == "html"


def test_html_inside_related_inside_alternative() -> None:
    related = ('--rel\nContent-Type: text/html; charset=utf-8\n\n<p>Lab booked for 19 May.</p>\n'
               '--rel\nContent-Type: image/png\nContent-ID: <logo>\nContent-Transfer-Encoding: base64\n\n'
               'iVBORw0KGgo=\n--rel--\n')
    raw = multipart([("Content-Type: multipart/related; boundary=rel", related)], "alternative")
    record = one(raw)
    assert record.text.startswith("Lab booked for 19 May.")
    assert "attachment.png (image/png, 8 bytes)" in str(record.metadata["attachments"])


# Transfer encodings and charsets.


def test_quoted_printable_body() -> None:
    raw = mail("Gr=C3=BC=C3=9Fe aus der Oranienstra=C3=9Fe, das ist eine lange Zeile, die weich umbr=\nochen wird.\n",
               Content_Transfer_Encoding="quoted-printable")
    assert one(raw).text == "Grüße aus der Oranienstraße, das ist eine lange Zeile, die weich umbrochen wird."


def test_base64_body() -> None:
    body = base64.encodebytes("Ryokan Hanaya: ご予約を確認しました。".encode()).decode()
    assert one(mail(body, Content_Transfer_Encoding="base64")).text == "Ryokan Hanaya: ご予約を確認しました。"


@pytest.mark.parametrize(("charset", "text"), [
    ("iso-8859-1", "Grüße, Frau Berg"),
    ("windows-1252", "Miete: 1.040 € – ab Juli"),
    ("iso-2022-jp", "ご予約ありがとうございます"),
    ("koi8-r", "Привет из Берлина"),
])
def test_declared_charset_is_used(charset: str, text: str) -> None:
    record = one(mail(text.encode(charset), Content_Type=f'text/plain; charset="{charset}"'))
    assert record.text == text
    assert "problems" not in record.metadata


def test_wrong_declaration_falls_back_with_a_note() -> None:
    latin = one(mail("Grüße".encode("cp1252"), Content_Type="text/plain; charset=utf-8"))
    assert latin.text == "Grüße"
    assert latin.metadata["problems"] == "text/plain part: not valid utf-8, read as cp1252"
    utf8 = one(mail("Grüße".encode(), Content_Type="text/plain; charset=iso-8859-1"))
    assert utf8.text == "Grüße"
    assert utf8.metadata["problems"] == "text/plain part: declared iso-8859-1 but is UTF-8"


def test_undeclared_8bit_is_read_as_utf8() -> None:
    assert one(mail("Wiener Straße".encode(), Content_Type="text/plain")).text == "Wiener Straße"


def test_rfc2047_headers_are_decoded() -> None:
    raw = mail("Hello", Subject="=?UTF-8?B?5peF6aSoIOiKseWxiw==?= =?iso-8859-1?q?Best=E4tigung?=",
               From="=?utf-8?q?Dieter_Kowalski?= <d.kowalski@kowalski-immobilien.example>",
               To="=?utf-8?q?J=C3=B6rg_M=C3=BCller?= <joerg@x.example>, \"Berg, Maya\" <maya.berg@mailbox.example>")
    record = one(raw)
    assert record.title == "旅館 花屋Bestätigung"
    assert record.author == "Dieter Kowalski <d.kowalski@kowalski-immobilien.example>"
    assert record.participants[1:] == ("Jörg Müller <joerg@x.example>", "Berg, Maya <maya.berg@mailbox.example>")


def test_raw_utf8_in_headers_is_decoded() -> None:
    raw = mail("Hi", Subject="Heizkörper", To="Mäya Berg <maya.berg@mailbox.example>")
    record = one(raw)
    assert record.title == "Heizkörper"
    assert record.participants[1] == "Mäya Berg <maya.berg@mailbox.example>"


def test_broken_encoded_word_does_not_stop_parsing() -> None:
    record = one(mail("Hi", Subject="=?x-unknown?q?Caf=E9?= und =?utf-8?b?###?="))
    assert "und" in record.title


# Attachments: every one listed, text ones indexed as their own records.


def test_attachments_are_listed_and_text_ones_become_records() -> None:
    ics = "BEGIN:VCALENDAR\nSUMMARY:Usability study\nEND:VCALENDAR\n"
    raw = multipart([
        ("Content-Type: text/plain; charset=utf-8", "Letter and invite attached."),
        ("Content-Type: application/pdf\nContent-Disposition: attachment; filename*=utf-8''Mieterh%C3%B6hung.pdf\n"
         "Content-Transfer-Encoding: base64", base64.encodebytes(b"%PDF-1.4 " + bytes(2000)).decode()),
        ("Content-Type: text/calendar; charset=utf-8; name=invite.ics\nContent-Disposition: attachment",
         ics),
        ("Content-Type: application/octet-stream; name=budget.csv\nContent-Transfer-Encoding: base64",
         base64.encodebytes(b"item,eur\nlab,10500\n").decode()),
        ("Content-Type: text/markdown; charset=utf-8\nContent-Disposition: attachment; filename=notes.md",
         "# Screener\n\n12 participants"),
    ], X_GM_THRID="1857", Message_ID="<letter@kowalski.example>")
    records = parse(raw)
    assert isinstance(records, list)
    mail_record, *attachments = records
    assert mail_record.metadata["attachments"] == (
        "Mieterhöhung.pdf (application/pdf, 2 KB); invite.ics (text/calendar, 54 bytes); "
        "budget.csv (application/octet-stream, 19 bytes); notes.md (text/markdown, 27 bytes)")
    assert mail_record.text.endswith("Attachments: " + str(mail_record.metadata["attachments"]))
    assert [a.title for a in attachments] == ["invite.ics", "budget.csv", "notes.md"]
    invite = attachments[0]
    assert invite.id == "mbox:letter@kowalski.example/attachment/2"
    assert invite.kind == "attachment"
    assert invite.text == ics.strip()
    assert invite.thread == mail_record.thread == "1857"
    assert invite.timestamp == mail_record.timestamp
    assert invite.location == mail_record.location
    assert dict(invite.metadata) == {"parent": "mbox:letter@kowalski.example", "filename": "invite.ics",
                                     "content_type": "text/calendar"}
    assert attachments[1].text == "item,eur\nlab,10500"


def test_attached_mail_is_listed_by_subject() -> None:
    inner = "From: Tom Berg <tom.berg@mailbox.example>\nSubject: Party on the 18th\n\nBring Jonas!\n"
    raw = multipart([("Content-Type: text/plain", "See below."), ("Content-Type: message/rfc822", inner)])
    record = one(raw)
    assert str(record.metadata["attachments"]).startswith("Party on the 18th.eml (message/rfc822, ")
    assert "Bring Jonas" not in record.text


# Quoted replies and signatures.

REPLY = """Dear Herr Kowalski,

nobody from Yilmaz Haustechnik has been in touch.

Kind regards
Maya
--\x20
Maya Berg · Wiener Straße 12

On Thu, 12 Feb 2026 at 10:31, Dieter Kowalski <d.kowalski@kowalski-immobilien.example> wrote:
> Dear Ms Berg,
>
> Firma Yilmaz Haustechnik will get in touch with you.
"""


def test_quotes_and_signature_are_cut_from_the_text() -> None:
    record = one(mail(REPLY))
    assert record.text == ("Dear Herr Kowalski,\n\nnobody from Yilmaz Haustechnik has been in touch.\n\n"
                           "Kind regards\nMaya")
    assert record.metadata["quoted_stripped"] is True
    assert record.location == "inbox.mbox#0"  # where the full original is


def test_interleaved_reply_keeps_the_answers() -> None:
    text = ("> Can you do 19-21 May?\nYes, 19-21 May works.\n\n"
            "Am 12.03.2026 um 11:30 schrieb Anna Schmidt <anna.schmidt@atlas-labs.example>:\n> Thanks\n")
    assert one(mail(text)).text == "Yes, 19-21 May works."


def test_outlook_reply_header_block_ends_the_text() -> None:
    text = ("Dear Ms Berg,\n\nthe plumber comes on 6 March.\n\nKind regards\nDieter Kowalski\n\n"
            "-----Original Message-----\nFrom: Maya Berg\nSent: Tuesday, 24 February 2026 19:40\n"
            "To: Dieter Kowalski\nSubject: Radiator\n\nPlease repair it by 6 March.\n")
    record = one(mail(text))
    assert record.text == "Dear Ms Berg,\n\nthe plumber comes on 6 March.\n\nKind regards\nDieter Kowalski"
    german = ("Anbei das PDF.\n\n________________________________\nVon: Berg, Maya <maya.berg@mailbox.example>\n"
              "Gesendet: Montag, 6. April 2026 18:20\nAn: Kowalski, Dieter\nBetreff: Miete\n\nBitte als PDF.\n")
    assert one(mail(german)).text == "Anbei das PDF."


def test_forwarded_mail_keeps_the_forwarded_content() -> None:
    text = ("FYI, the booking.\n\n---------- Forwarded message ---------\nFrom: Ryokan Hanaya <r@x.example>\n"
            "Date: Thu, 2 Apr 2026\nSubject: Reservation\nTo: Maya\n\n> Check-in 6 May, 3 nights.\n")
    record = one(mail(text, Subject="Fwd: Reservation confirmed"))
    assert "Check-in 6 May, 3 nights." in record.text
    assert "quoted_stripped" not in record.metadata


def test_mail_that_is_all_quote_keeps_its_text() -> None:
    record = one(mail("> only a quote\n> nothing else\n"))
    assert record.text == "> only a quote\n> nothing else"
    assert "quoted_stripped" not in record.metadata


def test_prose_that_mentions_writing_is_kept() -> None:
    text = "On Monday Anna wrote to the whole team:\nthe study moves to May.\n"
    assert one(mail(text)).text == text.strip()


# Threads, participants, dates, ids, labels.


@pytest.mark.parametrize(("headers", "thread"), [
    ({"X_GM_THRID": "1857200000000000001", "References": "<root@x>"}, "1857200000000000001"),
    ({"References": "<root@x> <middle@x>", "In_Reply_To": "<middle@x>"}, "root@x"),
    ({"In_Reply_To": "<middle@x>"}, "middle@x"),
    ({}, "budget@atlas-labs.example"),
])
def test_thread_id(headers: dict[str, str], thread: str) -> None:
    assert one(mail("Hi", **headers)).thread == thread


def test_replies_share_the_thread_of_the_first_mail() -> None:
    first = one(mail("Question", Message_ID="<q@x>"))
    reply = one(mail("Answer", Message_ID="<a@x>", In_Reply_To="<q@x>"))
    third = one(mail("Thanks", Message_ID="<t@x>", In_Reply_To="<a@x>", References="<q@x> <a@x>"))
    assert first.thread == reply.thread == third.thread == "q@x"


def test_participants_from_from_to_and_cc() -> None:
    raw = mail("Hi", From="Anna Schmidt <Anna.Schmidt@Atlas-Labs.example>",
               To="maya.berg@atlas-labs.example, Priya Nair <priya.nair@atlas-labs.example>",
               Cc="'Anna Schmidt' <anna.schmidt@atlas-labs.example>, undisclosed-recipients:;")
    record = one(raw)
    assert record.author == "Anna Schmidt <anna.schmidt@atlas-labs.example>"
    assert record.participants == ("Anna Schmidt <anna.schmidt@atlas-labs.example>", "maya.berg@atlas-labs.example",
                                   "Priya Nair <priya.nair@atlas-labs.example>")


def test_date_keeps_its_offset() -> None:
    record = one(mail("Hi", Date="Fri, 03 Apr 2026 04:05:00 +0900"))
    assert record.timestamp == datetime(2026, 4, 2, 19, 5, tzinfo=UTC)
    assert record.timestamp.utcoffset() == timedelta(hours=9)
    assert record.metadata["date_from"] == "Date header"


def test_date_with_unknown_zone_is_utc() -> None:
    record = one(mail("Hi", Date="Thu, 12 Mar 2026 11:30:00 -0000"))
    assert record.timestamp == datetime(2026, 3, 12, 11, 30, tzinfo=UTC)


def test_no_date_falls_back_to_received_then_arrival() -> None:
    received = ("from mail.kowalski.example by mx.mailbox.example with ESMTPS id 4f2;\n"
                "\tMon, 16 Mar 2026 09:40:12 +0100")
    by_received = one(mail("Hi", Date=None, Received=received))
    assert by_received.timestamp == datetime(2026, 3, 16, 9, 40, 12, tzinfo=timezone(timedelta(hours=1)))
    assert by_received.metadata["date_from"] == "Received header"
    arrived = datetime(2026, 4, 10, 9, 3, tzinfo=UTC)
    by_arrival = one(mail("Hi", Date=None), arrived=arrived)
    assert (by_arrival.timestamp, by_arrival.metadata["date_from"]) == (arrived, "arrival time")


def test_no_date_at_all_is_skipped_with_one_line() -> None:
    skipped = parse(mail("Hi", Date=None))
    assert skipped == Skipped("inbox.mbox#0", "no Date header and no Received header with a date")
    bad = parse(mail("Hi", Date="sometime in March"))
    assert bad == Skipped("inbox.mbox#0", "unreadable Date header 'sometime in March' and no Received header"
                                           " with a date")


def test_ids() -> None:
    assert one(mail("Hi"), native_id="INBOX/17/42", connector="imap").id == "imap:INBOX/17/42"
    assert one(mail("Hi", Message_ID=" <CAF=x+1@mail.example> ")).id == "mbox:CAF=x+1@mail.example"
    raw = mail("Hi", Message_ID=None)
    record = one(raw)
    assert record.id == "mbox:" + hashlib.sha256(raw).hexdigest()
    assert "message_id" not in record.metadata
    assert record.thread == hashlib.sha256(raw).hexdigest()


def test_gmail_labels_and_subject_title() -> None:
    record = one(mail("Hi", X_Gmail_Labels='Inbox,Important,"Travel/Japan",=?UTF-8?Q?Gel=C3=B6scht?='))
    assert record.metadata["labels"] == "Inbox, Important, Travel/Japan, Gelöscht"
    assert record.title == "Q2 research budget"
    assert isinstance(record, Record) and record.kind == "email" and record.source == "mail"


def test_extra_metadata_is_merged() -> None:
    assert one(mail("Hi"), extra={"folder": "Sent"}).metadata["folder"] == "Sent"


def test_not_a_mail_is_skipped() -> None:
    assert parse(b"") == Skipped("inbox.mbox#0", "empty message")
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    assert parse(png) == Skipped("inbox.mbox#0", f"no mail headers (starts with {png[:24]!r})")
    assert isinstance(parse(b"Title: a note\nTags: x\n\nnot a mail"), Skipped)


def test_empty_body_indexes_the_subject() -> None:
    assert one(mail("")).text == "Q2 research budget"
