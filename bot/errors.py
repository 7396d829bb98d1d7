"""Errors of the bot package. Their messages are safe to show to the person who caused them."""


class BotError(Exception):
    """Base error of the bot package."""


class ConfigError(BotError):
    """Configuration is missing or wrong; the message says which variable and what to do."""


class UsageError(BotError):
    """A person used a command wrongly; the message explains the right usage."""


class NotAllowed(BotError):
    """A person asked for something their role does not allow."""
