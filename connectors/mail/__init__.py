"""Email: one parser for every mail source, and connectors for mbox, maildir and .eml files."""

from connectors.mail.eml import EmlConnector
from connectors.mail.maildir import MaildirConnector
from connectors.mail.mbox import MboxConnector
from connectors.mail.parse import parse_message

__all__ = ["EmlConnector", "MaildirConnector", "MboxConnector", "parse_message"]
