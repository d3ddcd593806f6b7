"""Inspection screens: declarations on the generic views (``core/views.py``).

Every page about an object reads it through ``for_user``: outside the scope, 404. The forms
say what each step needs (``post_action``); the services check it again.
"""

from .inspection import (
    ApproveView,
    ConductFormView,
    DraftView,
    ExtendView,
    FileView,
    FindingAddView,
    FindingEvidenceView,
    InspectionDetailView,
    InspectionNewView,
    ItemAddView,
    NoticeView,
    ProgramDetailView,
    ProgramNewView,
    RecommendationAddView,
    RecommendationEvidenceView,
    ReinspectView,
    SelfReportFileView,
    SelfReportView,
    SignView,
    SupervisionView,
)
from .lists import (
    IndexView,
    NumbersRowsView,
    RecommendationListView,
    RowsForm,
)
from .recommendations import (
    AcceptView,
    CloseView,
    RecommendationDetailView,
    ReportView,
    SendBackView,
)

__all__ = [
    "AcceptView",
    "ApproveView",
    "CloseView",
    "ConductFormView",
    "DraftView",
    "ExtendView",
    "FileView",
    "FindingAddView",
    "FindingEvidenceView",
    "IndexView",
    "InspectionDetailView",
    "InspectionNewView",
    "ItemAddView",
    "NoticeView",
    "NumbersRowsView",
    "ProgramDetailView",
    "ProgramNewView",
    "RecommendationAddView",
    "RecommendationDetailView",
    "RecommendationEvidenceView",
    "RecommendationListView",
    "ReinspectView",
    "ReportView",
    "RowsForm",
    "SelfReportFileView",
    "SelfReportView",
    "SendBackView",
    "SignView",
    "SupervisionView",
]
