"""Action programs: a unit's own program for a plan, its tasks and roadmap, the progress the
lead units report, and the annual review."""

from .coverage import CoverageScope
from .program import ActionProgram, ProgramComment, ProgramVersion, ProgressRuleSetting
from .progress import AnnualReview, ProgressEvidence, ProgressUpdate, TaskStatus
from .task import Milestone, Task

__all__ = [
    "ActionProgram",
    "AnnualReview",
    "CoverageScope",
    "Milestone",
    "ProgramComment",
    "ProgramVersion",
    "ProgressEvidence",
    "ProgressRuleSetting",
    "ProgressUpdate",
    "Task",
    "TaskStatus",
]
