"""Which SQL class implements which store. Add one line per feature store."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.stores import StoreKey
from bot.stores.accounts import ACCOUNTS
from bot.stores.audit import AUDIT
from bot.stores.buttons import BUTTONS, DELIVERIES
from bot.stores.consultations import CONSULTATIONS
from bot.stores.core import CONVERSATIONS, MEMBERS
from bot.stores.digest import FEED_STATE, SUBSCRIPTIONS
from bot.stores.events import ANNOUNCEMENTS, EVENTS, NEIGHBOUR_EVENTS
from bot.stores.ideas import IDEAS
from bot.stores.offices import OFFICES
from bot.stores.polls import POLLS
from bot.stores.reports import REPORTS
from bot.stores.scheduling import OUTBOX, SCHEDULE
from bot.stores.submissions import SUBMISSIONS
from bot.stores.web import WEB_SESSIONS
from storage.repos.accounts import SqlAccountStore
from storage.repos.announcements import SqlAnnouncementStore
from storage.repos.audit import SqlAuditStore
from storage.repos.buttons import SqlButtonStore, SqlDeliveryStore
from storage.repos.consultations import SqlConsultationStore
from storage.repos.core import SqlConversationStore, SqlMemberStore
from storage.repos.digest import SqlFeedStateStore, SqlSubscriptionStore
from storage.repos.events import SqlEventStore
from storage.repos.ideas import SqlIdeaStore
from storage.repos.neighbours import SqlNeighbourStore
from storage.repos.offices import SqlOfficeStore
from storage.repos.polls import SqlPollStore
from storage.repos.reports import SqlReportStore
from storage.repos.scheduling import SqlOutboxStore, SqlScheduleStore
from storage.repos.submissions import SqlSubmissionStore
from storage.repos.web import SqlWebSessionStore

StoreFactory = Callable[[AsyncSession], Any]

STORES: dict[StoreKey[Any], StoreFactory] = {
    CONVERSATIONS: SqlConversationStore,
    MEMBERS: SqlMemberStore,
    SUBMISSIONS: SqlSubmissionStore,
    CONSULTATIONS: SqlConsultationStore,
    FEED_STATE: SqlFeedStateStore,
    SUBSCRIPTIONS: SqlSubscriptionStore,
    SCHEDULE: SqlScheduleStore,
    OUTBOX: SqlOutboxStore,
    EVENTS: SqlEventStore,
    ANNOUNCEMENTS: SqlAnnouncementStore,
    NEIGHBOUR_EVENTS: SqlNeighbourStore,
    ACCOUNTS: SqlAccountStore,
    IDEAS: SqlIdeaStore,
    OFFICES: SqlOfficeStore,
    POLLS: SqlPollStore,
    REPORTS: SqlReportStore,
    AUDIT: SqlAuditStore,
    BUTTONS: SqlButtonStore,
    DELIVERIES: SqlDeliveryStore,
    WEB_SESSIONS: SqlWebSessionStore,
}
