"""`cno sync-slack` with channels: ties from shared membership of public channels, a tie kind of their own.

Reads ``conversations.list`` (Tier 2; in every workspace of an Enterprise Grid organisation with an
org-wide token) and each channel's ``conversations.members`` (Tier 4), paced under those tiers. The
ties replace the previous channel ties, so reports can tell them apart from meetings, intros and
events (``kind`` channel_co_member).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from bot.bootstrap import Services
from bot.use_cases.lifecycle.grid import workspaces_to_read
from bot.use_cases.programs.slack_pages import paged, paged_in_each
from matching.co_membership import MAX_CHANNEL, co_membership_ties
from storage.queries.programs import active_people_by_slack_ids, replace_channel_ties

CO_MEMBER = "channel_co_member"


@dataclass(frozen=True)
class ChannelTies:
    channels: int
    skipped_large: int
    ties: int


def sync_channel_ties(services: Services, today: date, sleep: Callable[[float], None] = time.sleep,
                      max_size: int = MAX_CHANNEL) -> ChannelTies:
    """Replace the co-membership ties with what the workspace's public channels show today."""
    # A channel shared by several workspaces of a Grid organisation is listed by each of them: read it once.
    listed = list({c["id"]: c for _, page in paged_in_each(
        services.slack.conversations_list, "channels", workspaces_to_read(services, sleep), tier=2, sleep=sleep,
        what="conversations.list (the app needs channels:read)", types="public_channel", exclude_archived=True)
        for c in page}.values())
    members: dict[str, list[str]] = {}
    skipped = 0
    for channel in listed:
        if int(channel.get("num_members") or 0) > max_size:
            skipped += 1
            continue
        members[channel["id"]] = [m for page in paged(services.slack.conversations_members, "members", tier=4,
                                                      sleep=sleep, what=f"conversations.members for {channel['id']}",
                                                      channel=channel["id"]) for m in page]
    with services.uow() as uow:
        known = active_people_by_slack_ids(uow.session, {m for ms in members.values() for m in ms})
        ids = {cid: [known[m].id for m in ms if m in known] for cid, ms in members.items()}
        ties = co_membership_ties(ids, max_size)
        replace_channel_ties(uow.session, ties, CO_MEMBER, today)
        uow.commit()
    return ChannelTies(len(members), skipped, len(ties))
