"""Progress reports, annual reviews, coverage and the progress rule (the follow-up screens).

Object pages take ``pk`` (the task, program or review), as the permission matrix expects."""

from django.urls import path

from . import coverage, progress, reviews, rules

urlpatterns = [
    path("progress/", progress.ProgressInboxView.as_view(), name="progress-inbox"),
    path(
        "tasks/<int:pk>/progress/",
        progress.ProgressReportView.as_view(),
        name="progress-report",
    ),
    path(
        "tasks/<int:pk>/history/",
        progress.ProgressHistoryView.as_view(),
        name="progress-history",
    ),
    path(
        "evidence/<int:pk>/",
        progress.EvidenceDownloadView.as_view(),
        name="progress-evidence",
    ),
    path("<int:pk>/reviews/", reviews.ReviewListView.as_view(), name="review-list"),
    path("<int:pk>/reviews/new/", reviews.ReviewAddView.as_view(), name="review-add"),
    path("reviews/<int:pk>/", reviews.ReviewDetailView.as_view(), name="review-detail"),
    path("reviews/<int:pk>/print/", reviews.ReviewPrintView.as_view(), name="review-print"),
    path("coverage/", coverage.CoverageView.as_view(), name="coverage"),
    path("rules/", rules.RuleSettingsView.as_view(), name="rule-settings"),
]
