"""Benchmarks of twin's ingest, search and CLI against the targets in the issue; run `bench/ingest_search.py`."""

__all__: list[str] = []
