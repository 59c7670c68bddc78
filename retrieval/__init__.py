"""Retrieval: hybrid search over the store, questions read for time and people, answers with citations."""

from retrieval.answer import NOTHING_FOUND, Answerer
from retrieval.retrieve import Retrieval, retrieve
from retrieval.search import Ranked, Searcher

__all__ = ["NOTHING_FOUND", "Answerer", "Ranked", "Retrieval", "Searcher", "retrieve"]
