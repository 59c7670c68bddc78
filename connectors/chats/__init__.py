"""Chat and social exports: WhatsApp, Telegram, Messenger/Instagram, Slack, X and LinkedIn."""

from connectors.chats.linkedin import LinkedInConnector
from connectors.chats.messenger import MessengerConnector
from connectors.chats.slack import SlackConnector
from connectors.chats.telegram import TelegramConnector
from connectors.chats.twitter import TwitterConnector
from connectors.chats.whatsapp import WhatsAppConnector

__all__ = [
    "LinkedInConnector",
    "MessengerConnector",
    "SlackConnector",
    "TelegramConnector",
    "TwitterConnector",
    "WhatsAppConnector",
]
