"""Writes for action programs. Views, the CLI and the demo call these.

Each service runs in one transaction, checks permission with the scoping every read uses,
validates with messages in the user's language, writes, and appends an audit event.
"""

from .coverage import set_coverage_scopes
from .drafting import (
    add_comment,
    create_program,
    program_key_points,
    remove_task,
    save_task,
    update_program,
)
from .progress import report_progress, set_progress_rule
from .reviews import approve_review, prepare_review, update_review
from .workflow import (
    approve_program,
    close_program,
    may_approve,
    name_deputy,
    open_discussion,
    put_in_effect,
    revise_program,
    send_back_program,
)

__all__ = [
    "add_comment",
    "approve_program",
    "approve_review",
    "close_program",
    "create_program",
    "may_approve",
    "name_deputy",
    "open_discussion",
    "prepare_review",
    "program_key_points",
    "put_in_effect",
    "remove_task",
    "report_progress",
    "revise_program",
    "save_task",
    "send_back_program",
    "set_coverage_scopes",
    "set_progress_rule",
    "update_program",
    "update_review",
]
