"""Writes for participation, one module per aggregate.

- inputs.py: residents' input, moderation, answers and the notification loop
- registry.py: resident initiatives
- moments.py: participation moments, recommendations and the participation budget
- privacy.py: retention, export and deletion of residents' personal data

The public names are re-exported here, so callers write `services.input_submit(...)`.
"""

from .inputs import (
    RateLimited,
    check_rate,
    input_answer,
    input_hide,
    input_publish,
    input_submit,
    notify_goal_progress,
    send_digests,
    unsubscribe,
)
from .moments import budget_save, moment_create, recommendation_update
from .privacy import delete_personal_data, export_personal_data, remove_expired_personal_data
from .registry import initiative_propose, initiative_review

__all__ = [
    "RateLimited",
    "budget_save",
    "check_rate",
    "delete_personal_data",
    "export_personal_data",
    "initiative_propose",
    "initiative_review",
    "input_answer",
    "input_hide",
    "input_publish",
    "input_submit",
    "moment_create",
    "notify_goal_progress",
    "recommendation_update",
    "remove_expired_personal_data",
    "send_digests",
    "unsubscribe",
]
