"""Nora's mailbox and notes: the same life in other sources, written as near misses (the same words,
none of the facts a question asks for), so that the chat evidence competes with them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from pathlib import Path

__all__ = ["write_mail", "write_notes"]

NORA = "Nora Lindqvist <nora.lindqvist@posteo.example>"
BERLIN = timezone(timedelta(hours=1))
SUMMER = timezone(timedelta(hours=2))

MAILS = [
    ("2025-01-08 09:12", "VHS Leipzig <programm@vhs-leipzig.example>", "Das Frühjahrsprogramm ist da / spring courses",
     "Dear course participant,\n\nour spring programme is online: pottery for beginners, Italian A1, yoga at the "
     "Connewitz centre and a new evening class on urban gardening. Places are limited, book early.\n\n"
     "Your VHS Leipzig team"),
    ("2025-03-01 10:30", "DB Reisezentrum <noreply@bahn.example>", "Your booking: Leipzig Hbf - Dresden Hbf",
     "Thank you for booking with Deutsche Bahn.\n\nOutward: Saturday 8 March 2025, Leipzig Hbf 09:36 - Dresden Hbf "
     "10:42, IC 2049, coach 6, seat 45.\nReturn: Sunday 9 March 2025, Dresden Hbf 17:18 - Leipzig Hbf 18:24.\n\n"
     "Have a good trip."),
    ("2025-03-10 18:00", "Tierheim Leipzig <newsletter@tierheim-leipzig.example>", "Open day and dog walkers wanted",
     "Dear friends of the Tierheim,\n\non 5 April we open our doors from 11 to 16: meet our cats, dogs and rabbits, "
     "cake in the courtyard. We are also looking for volunteer dog walkers for weekday mornings.\n\n"
     "Thank you for your support!"),
    ("2025-04-02 07:45", "Boulderhaus Plagwitz <hallo@boulderhaus-plagwitz.example>", "New routes in the big hall",
     "Hello climbers,\n\nthis week our setters screwed 40 new problems in the big hall, from yellow to black. "
     "New: yoga for climbers on Thursdays at 19:00, and over Easter we open at 9.\n\nSee you on the wall!"),
    ("2025-05-21 12:00", "Nordic Science Teachers <info@nst-conference.example>", "Thank you for coming to Copenhagen",
     "Dear participant,\n\nthank you for making this year's conference a success: 600 teachers from eight countries. "
     "The slides of all keynotes are online, and we would love your feedback in a short survey. Next year we meet "
     "in Oslo.\n\nWarm regards from the organising committee"),
    ("2025-06-10 15:20", "Humboldt-Gymnasium Sekretariat <sekretariat@humboldt-gym.example>",
     "Class trips week 16-20 June",
     "Dear colleagues,\n\na reminder that all class trips take place in the week of 16 to 20 June. Please hand in "
     "the emergency contact lists and the signed permission slips at the office by Friday.\n\nThe school office"),
    ("2025-08-20 10:00", "Lakeside Sounds <hello@lakeside-sounds.example>", "Lost & found after the festival",
     "Thank you for a muddy, wonderful weekend by the lake!\n\nOur lost & found has 200 items: sunglasses, "
     "hoodies, a guitar case, half a tent and a lot of cables. Write to us with a description.\n\n"
     "Early bird tickets for next year go on sale on 1 December."),
    ("2025-10-14 08:30", "Autoverwertung Süd <info@verwertung-sued.example>", "Collection of your vehicle",
     "Dear Ms Lindqvist,\n\nwe confirm the collection of your vehicle on Thursday at 10:00. Please have the "
     "vehicle registration and both keys ready. You will receive the certificate of disposal by post.\n\n"
     "Kind regards"),
    ("2025-11-25 19:40", "Mattis Brandt <mattis.brandt@posteo.example>", "Christmas market stall",
     "Hey you,\n\nthe stall at the Feinkost market is confirmed for the second weekend of December. I'll sell "
     "the oak boards and the small stools. Can you help on Sunday afternoon? Bring gloves, it will be cold.\n\nM."),
    ("2025-12-03 21:05", "Freya Lindqvist <freya.lindqvist@telia.example>", "Christmas at ours",
     "Hej syster!\n\nmum wants to know if Mattis eats herring (he must). We do the julbord on the 24th at 3, "
     "and the kids next door are coming for the Lucia songs. Bring the Leipzig gingerbread again please.\n\nF."),
]

NOTES = {
    "2025-01-21-portugues.md": ("2025-01-21", "Português — week 1", """
- obrigado / obrigada: thank you (by who is speaking)
- bom dia, boa tarde, boa noite
- eu sou professora: I am a teacher
- onde fica a estação? where is the station?
- homework: present tense of ser and estar, 10 sentences
"""),
    "2025-03-05-cat-checklist.md": ("2025-03-05", "Cat checklist", """
- litter tray and unscented litter
- scratching post (tall!), two bowls, a carrier
- register with the vet on Karl-Liebknecht-Straße, ask about vaccinations
- cat-proof the balcony net
- no lilies in the flat
"""),
    "2025-04-10-harz-packing.md": ("2025-04-10", "Class trip: packing list for pupils", """
- sturdy shoes (no new ones!), rain jacket, a warm layer
- water bottle, packed lunch for day 1
- health insurance card, medication with a note from parents
- no more than 20 euros pocket money
- phones: collected at 22:00
"""),
    "2025-02-02-photosynthesis.md": ("2025-02-02", "Lesson plan: photosynthesis (8a)", """
Goal: the pupils explain where a plant's mass comes from.

1. Question on the board: a tree weighs 2 tonnes. Where did it come from? (5 min)
2. Elodea experiment: count the oxygen bubbles under the lamp at three distances (20 min)
3. The equation: carbon dioxide and water, with light, to glucose and oxygen (10 min)
4. Homework: one page, in their own words
"""),
    "2025-07-25-sourdough.md": ("2025-07-25", "Sourdough notes", """
Summer schedule: the starter doubles in 4 hours at 28 degrees, so feed it in the morning and again at night.
Loaf: 500 g flour (400 wheat, 100 rye), 375 g water, 100 g starter, 10 g salt.
Bulk 4 h with folds every 30 min, fridge overnight, bake at 250 degrees in the pot, 20 min lid on, 25 off.
"""),
    "2025-08-12-festival-packing.md": ("2025-08-12", "Festival packing", """
- tent, pegs, mallet, ground sheet
- sleeping bag, mat, pillow
- headlamp, power bank, ear plugs
- rain poncho (!!), wellies
- ankle support, just in case
"""),
    "2025-10-20-to-read.md": ("2025-10-20", "Books to read", """
- Braiding Sweetgrass (Robin Wall Kimmerer)
- The Hidden Life of Trees, again
- Stoner (John Williams), everyone says so
- something in Portuguese: O Alquimista, slowly, with a dictionary
"""),
    "2025-12-10-presents.md": ("2025-12-10", "Christmas presents", """
- mum: the blue scarf from the shop on Karl-Heine-Straße
- dad: a book about the Gothenburg archipelago
- Freya and Oskar: Mattis makes them a cheese board
- Herr Pohl: a bottle of good wine, for the cat sitting
"""),
}


def _date(text: str) -> datetime:
    naive = datetime.fromisoformat(text)
    zone = SUMMER if datetime(2025, 3, 30) <= naive < datetime(2025, 10, 26) else BERLIN
    return naive.replace(tzinfo=zone)


def write_mail(path: Path) -> list[str]:
    """An mbox of MAILS; returns their bodies (the generator checks evidence against them)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    parts = []
    for n, (when, sender, subject, body) in enumerate(MAILS):
        moment = _date(when)
        message = EmailMessage(policy=SMTP)
        message["From"] = sender
        message["To"] = NORA
        message["Subject"] = subject
        message["Date"] = format_datetime(moment)
        message["Message-ID"] = f"<bench-{n:03d}@nora.example>"
        message.set_content(body + "\n")
        text = message.as_bytes().decode("utf-8").replace("\r\n", "\n")
        text = "\n".join(">" + line if line.startswith("From ") else line for line in text.split("\n"))
        parts.append(f"From bench@nora.example {moment.astimezone(UTC):%a %b %d %H:%M:%S %Y}\n{text}\n")
    path.write_text("".join(parts), encoding="utf-8")
    return [body for *_, body in MAILS]


def write_notes(folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (day, title, body) in NOTES.items():
        (folder / name).write_text(f"---\ndate: {day}\ntitle: {title}\n---\n{body.lstrip()}", encoding="utf-8")
    return [body for _, _, body in NOTES.values()]
