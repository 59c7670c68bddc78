"""Ingest: chunking, embedding and writing records to the store."""

from ingest.chunking import header_for, split_record
from ingest.pipeline import Event, Ingester, Summary

__all__ = ["Event", "Ingester", "Summary", "header_for", "split_record"]
