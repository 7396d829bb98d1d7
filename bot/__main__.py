"""`python -m bot …` is the same as `cno …`."""

from bot.cli import main

main()
