"""Writes of the governance app; every page and API call goes through these."""

from .decisions import action_progress, decision_record, lesson_write
from .pulse import pulse_answer, pulse_themes
from .stories import (
    story_moderate,
    story_select,
    story_shortlist,
    story_tell,
    story_tell_resident,
    story_verify,
    story_withdraw,
)

__all__ = [
    "action_progress",
    "decision_record",
    "lesson_write",
    "pulse_answer",
    "pulse_themes",
    "story_moderate",
    "story_select",
    "story_shortlist",
    "story_tell",
    "story_tell_resident",
    "story_verify",
    "story_withdraw",
]
