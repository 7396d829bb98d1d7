"""Intro rounds for the CNO report: how many intros, how many were answered and met, who went quiet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.use_cases.rounds.quiet import quiet_paused_count
from storage.models.rounds import MET
from storage.queries.reports import intro_answers_since
from storage.uow import Session


@dataclass(frozen=True)
class IntroFigures:
    """Intros of released rounds since a day.

    ``asked``: intros whose "did you meet?" follow-up went out; ``answered``: of those,
    intros where someone answered; ``met``: intros where someone answered "we met".
    ``quiet_paused``: people paused now for not answering several intros in a row.
    """

    rounds: int
    intros: int
    people: int
    asked: int
    answered: int
    met: int
    quiet_paused: int

    @property
    def answer_rate(self) -> float | None:
        return self.answered / self.asked if self.asked else None

    @property
    def met_rate(self) -> float | None:
        return self.met / self.asked if self.asked else None


def intro_figures(session: Session, since: date) -> IntroFigures:
    """Figures of the intros of rounds held on or after ``since``."""
    rows = intro_answers_since(session, since)
    rounds, people = {r for _, r, *_ in rows}, {p for *_, p, _ in rows}
    asked: set[int] = {i for i, _, followed_up, *_ in rows if followed_up}
    answered = {i for i, *_, answer in rows if i in asked and answer is not None}
    met = {i for i, *_, answer in rows if i in asked and answer == MET}
    return IntroFigures(
        rounds=len(rounds),
        intros=len({i for i, *_ in rows}),
        people=len(people),
        asked=len(asked),
        answered=len(answered),
        met=len(met),
        quiet_paused=quiet_paused_count(session),
    )
