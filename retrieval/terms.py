"""Content words of questions and texts (the core's, shared with ingest's quality guard)."""

from __future__ import annotations

from twin.terms import content_terms, coverage, stem

__all__ = ["content_terms", "coverage", "stem"]
