"""Document connectors for personal files: PDF, Word, OpenDocument, HTML, CSV tables and calendars."""

from connectors.docs.html import HtmlConnector
from connectors.docs.ics import CalendarConnector
from connectors.docs.office import DocxConnector, OdtConnector
from connectors.docs.pdf import PdfConnector
from connectors.docs.tables import CsvConnector

__all__ = [
    "CalendarConnector",
    "CsvConnector",
    "DocxConnector",
    "HtmlConnector",
    "OdtConnector",
    "PdfConnector",
]
