"""The one error tree of twin.

    TwinError
    ├── ConfigError   a bad config file, key or value
    ├── SourceError   a source that cannot be read at all (one bad item is a Skipped, not this)
    ├── StoreError    the catalog or the vector index failed, or is locked by another writer
    └── ModelError    a bundled or configured model is missing or failed to load

The CLI turns any of these into one line on stderr and exit code 1.
"""

from __future__ import annotations

__all__ = ["ConfigError", "ModelError", "SourceError", "StoreError", "TwinError"]


class TwinError(Exception):
    """Base of every error twin raises on purpose."""


class ConfigError(TwinError):
    """A config file, key or value is wrong; the message names the key and the file."""


class SourceError(TwinError):
    """A source cannot be read at all."""


class StoreError(TwinError):
    """The store cannot be opened, written or queried."""


class ModelError(TwinError):
    """A model is missing or failed to load."""
