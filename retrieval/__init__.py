"""Retrieval: hybrid search over the store, and answers with citations."""

from retrieval.answer import NOTHING_FOUND, Answerer
from retrieval.search import Ranked, Searcher

__all__ = ["NOTHING_FOUND", "Answerer", "Ranked", "Searcher"]
