"""Writes for inspection and supervision. Views, the demo and tests call these.

Each runs in one transaction: the permission first (``access.py`` says who does which step),
then the state of the inspection, the values, the write and its audit event.
"""

from .inspection import (
    add_finding,
    add_item,
    add_recommendation,
    approve_conclusion,
    create_inspection,
    create_program,
    extend,
    record_supervision,
    schedule_reinspection,
    sign_decision,
    submit_draft,
    upload_self_report,
)
from .recommendations import accept, close, report_done, send_back

__all__ = [
    "accept",
    "add_finding",
    "add_item",
    "add_recommendation",
    "approve_conclusion",
    "close",
    "create_inspection",
    "create_program",
    "extend",
    "record_supervision",
    "report_done",
    "schedule_reinspection",
    "send_back",
    "sign_decision",
    "submit_draft",
    "upload_self_report",
]
