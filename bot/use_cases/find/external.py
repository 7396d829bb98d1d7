"""The CNO's view of the company's outside relationships: counts per organisation, never who.

Organisations known through only one person leave with them; organisations known
only within one function are a silo of their own; key accounts (the CNO's list) are
*reached within two steps* when at least one active employee knows someone there
(the company's people are its first step, their contacts the second).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.bootstrap import Services
from storage.models.contacts import organisation_key
from storage.queries.find import OrganisationCount, key_accounts, organisation_counts, replace_key_accounts
from storage.uow import Session

#: Organisations listed per part of the report (the rest are counted).
LISTED = 15


@dataclass(frozen=True)
class ExternalReport:
    """Counts only: organisations, relationships, and the lists the CNO acts on."""

    organisations: int
    relationships: int
    single_threaded: list[OrganisationCount] = field(default_factory=list)
    one_function: list[OrganisationCount] = field(default_factory=list)
    most_known: list[OrganisationCount] = field(default_factory=list)
    key_accounts: int = 0
    key_reached: list[str] = field(default_factory=list)
    key_not_reached: list[str] = field(default_factory=list)
    listed: int = LISTED

    @property
    def key_share(self) -> float:
        return len(self.key_reached) / self.key_accounts if self.key_accounts else 0.0


def external_figures(session: Session) -> ExternalReport:
    """The report, inside the caller's transaction (``/cno-report`` adds it as a section)."""
    counts = organisation_counts(session)
    known = {organisation_key(c.organisation) for c in counts}
    accounts = key_accounts(session)
    reached = [a.organisation for a in accounts if a.organisation_key in known]
    return ExternalReport(
        organisations=len(counts),
        relationships=sum(c.people for c in counts),
        single_threaded=[c for c in counts if c.people == 1],
        one_function=[c for c in counts if c.people > 1 and c.functions == 1],
        most_known=counts[:5],
        key_accounts=len(accounts),
        key_reached=reached,
        key_not_reached=[a.organisation for a in accounts if a.organisation not in reached],
    )


def external_report(services: Services, key_account_names: list[str] | None = None) -> ExternalReport:
    """``cno report external``: the report; with ``key_account_names``, that list becomes the key accounts first."""
    with services.uow() as uow:
        if key_account_names is not None:
            replace_key_accounts(uow.session, key_account_names)
        report = external_figures(uow.session)
        uow.commit()
        return report
