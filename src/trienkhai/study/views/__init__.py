"""The study screens: sessions, the roster, QR check-in, learning reports (and numbers)."""

from .checkin import (
    CheckInView,
    ConflictResolveView,
    KioskSwitchView,
    KioskView,
    MyPinView,
    PersonPinView,
    QRScreenView,
)
from .numbers import NumbersRowsView, NumbersView
from .reports import (
    ClerkReportView,
    MyReportView,
    ReportCheckView,
    ReportDetailView,
    ReportFileView,
    ReportListView,
    ReviewView,
    StudyHomeView,
)
from .roster import RosterView
from .sessions import (
    MakeupCreateView,
    MarkHeldView,
    SessionCreateView,
    SessionDetailView,
    SessionEditView,
    SessionListView,
)

__all__ = [
    "CheckInView",
    "ClerkReportView",
    "ConflictResolveView",
    "KioskSwitchView",
    "KioskView",
    "MakeupCreateView",
    "MarkHeldView",
    "MyPinView",
    "MyReportView",
    "NumbersRowsView",
    "NumbersView",
    "PersonPinView",
    "QRScreenView",
    "ReportCheckView",
    "ReportDetailView",
    "ReportFileView",
    "ReportListView",
    "ReviewView",
    "RosterView",
    "SessionCreateView",
    "SessionDetailView",
    "SessionEditView",
    "SessionListView",
    "StudyHomeView",
]
