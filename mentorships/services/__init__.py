"""Writes for mentor profiles, requests, mentorships and their contracts, one module per seam:
`requests` (profiles and requests), `contract` (versions, agreements, goals), `lifecycle` (the
stages, pauses, the end), `activity` (the pair's last sign of life); `common` holds the lock and
the role check they share. They refuse with the domain errors of `menteo.errors`.

Every change of a mentorship happens inside a transaction after locking its row
(`select_for_update`), so two people pressing buttons at the same moment are served one after
the other and the second sees the first one's result.
"""

from mentorships.rules import feedback_occasion
from mentorships.services.activity import (
    mentorship_touch,
    mentorships_recount_activity,
    mentorships_touch_latest,
)
from mentorships.services.common import participant_role
from mentorships.services.contract import (
    GoalInput,
    contract_agree,
    contract_update,
    goal_acknowledge,
    goal_set_status,
)
from mentorships.services.lifecycle import (
    exit_feedback_give,
    mentorship_create,
    mentorship_end,
    mentorship_pause,
    mentorship_resume,
    relationship_confirm,
    relationship_update,
    resume_due_mentorships,
    transition,
)
from mentorships.services.requests import (
    active_mentee_count,
    mentor_profile_update,
    request_accept,
    request_create,
    request_decline,
    request_refusals,
    request_withdraw,
    requests_expire,
)

__all__ = [
    "GoalInput",
    "active_mentee_count",
    "contract_agree",
    "contract_update",
    "exit_feedback_give",
    "feedback_occasion",
    "goal_acknowledge",
    "goal_set_status",
    "mentor_profile_update",
    "mentorship_create",
    "mentorship_end",
    "mentorship_pause",
    "mentorship_resume",
    "mentorship_touch",
    "mentorships_recount_activity",
    "mentorships_touch_latest",
    "participant_role",
    "relationship_confirm",
    "relationship_update",
    "request_accept",
    "request_create",
    "request_decline",
    "request_refusals",
    "request_withdraw",
    "requests_expire",
    "resume_due_mentorships",
    "transition",
]
