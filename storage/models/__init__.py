"""All models; importing this package registers every table on ``Base.metadata``.

Each capability keeps its tables in its own module and imports it here.
"""

from storage.models.base import Base
from storage.models.contacts import ExternalRelationship, IntroRequest, KeyAccount
from storage.models.deliveries import SlackDelivery
from storage.models.events import Event, EventTie, Invitation
from storage.models.handover import Handover
from storage.models.installations import OAuthState, SlackInstallation
from storage.models.mentoring import MentoringOffer, MentoringRelationship, MentoringRequest
from storage.models.onboarding import OnboardingIntro, OnboardingPlan
from storage.models.outbox import OutboxMessage, SlackPace
from storage.models.people import Interaction, Person
from storage.models.programs import Program, ProgramMember
from storage.models.reach import OrgSnapshot, TeamSnapshot
from storage.models.rounds import Intro, IntroMember, LeftOutRecord, QuietPause, Round, RoundSettings

__all__ = [
    "Base", "Event", "EventTie", "ExternalRelationship", "IntroRequest", "KeyAccount",
    "Handover", "Interaction", "Intro", "IntroMember", "Invitation", "LeftOutRecord",
    "MentoringOffer", "MentoringRelationship", "MentoringRequest", "OAuthState", "OnboardingIntro", "OnboardingPlan",
    "OrgSnapshot",
    "OutboxMessage", "Person", "Program", "ProgramMember", "QuietPause", "Round", "RoundSettings", "SlackDelivery",
    "SlackInstallation", "SlackPace", "TeamSnapshot",
]
