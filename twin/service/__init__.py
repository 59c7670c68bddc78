"""The background service's parts: local API, watched folders, IMAP push, the writer (see twin.daemon)."""

from twin.service.state import ServiceState, SourceStatus
from twin.service.work import Job, Work

__all__ = ["Job", "ServiceState", "SourceStatus", "Work"]
