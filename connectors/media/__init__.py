"""Meetings: recordings transcribed offline (audio, video) and existing transcripts (srt, vtt, txt)."""

from connectors.media.audio import AudioConnector
from connectors.media.transcripts import TranscriptConnector

__all__ = ["AudioConnector", "TranscriptConnector"]
