"""The outreach screens: activities (``activities.py``) and the public side (``pages.py``:
the staff's pages, questions and answers, and the public page, open without a login), on the
generic views."""

from .activities import (
    ActivityAddView,
    ActivityDeleteView,
    ActivityDetailView,
    ActivityEditView,
    ActivityEvidenceView,
    ActivityListView,
)
from .pages import (
    AnswerApproveView,
    AnswerEditView,
    PageAddView,
    PageDetailView,
    PageEditView,
    PageListView,
    PagePublishView,
    PageReuseView,
    PageWithdrawView,
    PublicDocumentView,
    PublicPageView,
    QuestionDetailView,
    QuestionDismissView,
    QuestionMergeView,
)

__all__ = [
    "ActivityAddView",
    "ActivityDeleteView",
    "ActivityDetailView",
    "ActivityEditView",
    "ActivityEvidenceView",
    "ActivityListView",
    "AnswerApproveView",
    "AnswerEditView",
    "PageAddView",
    "PageDetailView",
    "PageEditView",
    "PageListView",
    "PagePublishView",
    "PageReuseView",
    "PageWithdrawView",
    "PublicDocumentView",
    "PublicPageView",
    "QuestionDetailView",
    "QuestionDismissView",
    "QuestionMergeView",
]
