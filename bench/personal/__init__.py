"""The personal retrieval benchmark: a generated year of chat, mail and notes, and its questions."""
