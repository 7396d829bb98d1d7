"""What listeners get from Bolt's context (kept apart from bot.app, which imports the listeners)."""

from bot.bootstrap import services_of

__all__ = ["services_of"]
