"""Function and region from what Slack knows of a person (title, time zone) when no HR file says it.

Pure guesses with an honest default: a title or zone that matches no rule gives ``""``,
which the engine treats as unknown (no rule fires on it), never as a value.
"""

from __future__ import annotations

import re

#: Title words per function, first match wins (checked in this order).
FUNCTION_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Legal", ("counsel", "legal", "lawyer", "attorney", "paralegal")),
    ("Finance", ("finance", "financial", "accountant", "accounting", "controller", "cfo", "treasury", "payroll")),
    ("People", ("recruit", "talent", "hr ", "human resources", "people partner", "people ops", "chro")),
    ("Marketing", ("marketing", "brand", "content", "communications", "seo", "growth", "cmo")),
    ("Sales", ("sales", "account executive", "account manager", "business development", "sdr", "bdr")),
    ("Customer Success", ("customer success", "support", "customer experience", "service desk")),
    ("Design", ("design", "ux", "ui ", "researcher")),
    ("Product", ("product manager", "product owner", "product lead", "head of product", "cpo")),
    ("Data", ("data scientist", "data analyst", "analytics", "machine learning", "data engineer")),
    ("Engineering", ("engineer", "developer", "devops", "sre", "architect", "programmer", "cto", "qa ")),
    ("Operations", ("operations", "ops ", "logistics", "procurement", "facilities", "supply chain")),
)
REGION_OF_AREA = {"America": "AMER", "Europe": "EMEA", "Africa": "EMEA", "Asia": "APAC", "Australia": "APAC",
                  "Pacific": "APAC", "Atlantic": "EMEA", "Indian": "APAC"}


def function_from_title(title: str) -> str:
    """The function a job title names, or ``""`` when no rule matches.

    Examples
    --------
    >>> function_from_title("Senior Software Engineer"), function_from_title("Account Executive, DACH")
    ('Engineering', 'Sales')
    >>> function_from_title("Chief Happiness Officer")
    ''

    Notes
    -----
    O(len(title)) per rule; the first matching rule of :data:`FUNCTION_WORDS` wins.
    """
    text = " " + re.sub(r"[^a-z0-9]+", " ", title.lower()) + " "
    for function, words in FUNCTION_WORDS:
        if any(f" {word.strip()} " in text or (not word.endswith(" ") and f" {word}" in text) for word in words):
            return function
    return ""


def region_from_timezone(zone: str) -> str:
    """AMER, EMEA or APAC from an IANA time zone, or ``""`` (UTC or unknown).

    Examples
    --------
    >>> region_from_timezone("America/Chicago"), region_from_timezone("Europe/Paris"), region_from_timezone("UTC")
    ('AMER', 'EMEA', '')
    """
    area = zone.split("/", 1)[0] if "/" in zone else ""
    return REGION_OF_AREA.get(area, "")
