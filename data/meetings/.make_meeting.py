"""Regenerate the demo meeting recording with espeak-ng and ffmpeg (both from Debian's apt).

    python data/meetings/.make_meeting.py

(A hidden file: `twin demo` ingests every folder of data/, and this script holds the dialogue.)

Writes `2026-03-12 10.00 Atlas Q2 research planning.ogg` next to this script: the Atlas Q2
research planning call of 12 March 2026 (see data/README.md, §3 and §4), two synthetic voices,
Opus mono 16 kHz. The wording is tuned so that the bundled Whisper tiny.en hears the numbers.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import wave
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "2026-03-12 10.00 Atlas Q2 research planning.ogg"
VOICES = {"Anna": ("en-us+f2", 140), "Maya": ("en-gb+f4", 140)}
"""espeak-ng voice and words per minute for each speaker."""
PAUSE = 0.7
"""Seconds of silence between turns."""
LEAD = 1.0
"""Seconds of silence before the first turn (as a call recording starts)."""

SCRIPT = [
    ("Anna", "Good morning, my name is Anna Schmidt. I am the product lead for Atlas. "
             "Thanks for joining the Q2 research planning."),
    ("Maya", "Hi Anna, my name is Maya Berg. I work in UX research. Good to see you."),
    ("Anna", "The finance team cut every discretionary budget by 20 percent, because the transport contract "
             "slipped. Our research budget for Q2 goes down from 40,000 euros to 32,000 euros."),
    ("Maya", "OK, that is a big cut, but we can work with 32,000. We can test 12 people instead of 16."),
    ("Anna", "There is one more thing. The usability study must move from April to May."),
    ("Maya", "I am away on holiday in Japan from May 2nd to May 16th. "
             "I propose the study runs from May 19th to May 21st."),
    ("Anna", "May 19th to 21st works for me. I will book the lab and send a summary mail."),
    ("Maya", "Great. I will send the revised study plan by Wednesday, March 18th."),
    ("Anna", "Thank you, Maya. Talk soon."),
]


def speak(text: str, voice: str, speed: int, out: Path) -> None:
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(out), text], check=True)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        joined = folder / "meeting.wav"
        params = None
        with wave.open(str(joined), "wb") as sink:
            for n, (speaker, text) in enumerate(SCRIPT):
                voice, speed = VOICES[speaker]
                part = folder / f"{n:02d}.wav"
                speak(text, voice, speed, part)
                with wave.open(str(part), "rb") as source:
                    if params is None:
                        params = source.getparams()
                        sink.setparams(params)
                        sink.writeframes(bytes(int(params.framerate * LEAD) * params.sampwidth))
                    sink.writeframes(source.readframes(source.getnframes()))
                    sink.writeframes(bytes(int(params.framerate * PAUSE) * params.sampwidth))
        subprocess.run(
            ["ffmpeg", "-v", "error", "-y", "-i", str(joined), "-ac", "1", "-ar", "16000",
             "-c:a", "libopus", "-b:a", "24k", "-map_metadata", "-1", str(OUT)],
            check=True,
        )
    print(f"wrote {OUT.name} ({OUT.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
