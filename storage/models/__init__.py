"""All models; importing this package registers every table on ``Base.metadata``.

Each capability keeps its tables in its own module and imports it here.
"""

from storage.models.base import Base
from storage.models.deliveries import SlackDelivery
from storage.models.outbox import OutboxMessage
from storage.models.people import Interaction, Person
from storage.models.reach import OrgSnapshot, TeamSnapshot

__all__ = ["Base", "SlackDelivery", "Interaction", "OrgSnapshot", "OutboxMessage", "Person", "TeamSnapshot"]
