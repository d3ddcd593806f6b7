"""Study sessions, who attended them, and the learning reports members write afterwards."""

from .checkin import CheckinConflict, CheckinKiosk, CheckinPin
from .report import CheckState, Grade, LearningReport
from .session import Attendance, StudySession
from .tally import StudyTally, TallyMark, TallyState

__all__ = [
    "Attendance",
    "CheckState",
    "CheckinConflict",
    "CheckinKiosk",
    "CheckinPin",
    "Grade",
    "LearningReport",
    "StudySession",
    "StudyTally",
    "TallyMark",
    "TallyState",
]
