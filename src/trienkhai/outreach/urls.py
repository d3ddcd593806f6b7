"""Outreach to the public: URLs. The public page and its document are open without a login
(``login_not_required``): they show only what a head approved."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import views

app_name = "outreach"
urlpatterns = [
    path("", views.ActivityListView.as_view(), name="index"),
    path("unit/<int:pk>/activities/new/", views.ActivityAddView.as_view(), name="activity-add"),
    path("activities/<int:pk>/", views.ActivityDetailView.as_view(), name="activity-detail"),
    path("activities/<int:pk>/edit/", views.ActivityEditView.as_view(), name="activity-edit"),
    path("activities/<int:pk>/delete/", views.ActivityDeleteView.as_view(), name="activity-delete"),
    path(
        "activities/<int:pk>/evidence/",
        views.ActivityEvidenceView.as_view(),
        name="activity-evidence",
    ),
    path("pages/", views.PageListView.as_view(), name="page-list"),
    path("unit/<int:pk>/pages/new/", views.PageAddView.as_view(), name="page-add"),
    path("pages/<int:pk>/", views.PageDetailView.as_view(), name="page-detail"),
    path("pages/<int:pk>/edit/", views.PageEditView.as_view(), name="page-edit"),
    path("pages/<int:pk>/publish/", views.PagePublishView.as_view(), name="page-publish"),
    path("pages/<int:pk>/withdraw/", views.PageWithdrawView.as_view(), name="page-withdraw"),
    path("pages/<int:pk>/reuse/", views.PageReuseView.as_view(), name="page-reuse"),
    path("questions/<int:pk>/", views.QuestionDetailView.as_view(), name="question-detail"),
    path("questions/<int:pk>/merge/", views.QuestionMergeView.as_view(), name="question-merge"),
    path(
        "questions/<int:pk>/dismiss/", views.QuestionDismissView.as_view(), name="question-dismiss"
    ),
    path("answers/<int:pk>/edit/", views.AnswerEditView.as_view(), name="answer-edit"),
    path("answers/<int:pk>/approve/", views.AnswerApproveView.as_view(), name="answer-approve"),
    path("p/<slug:slug>/", login_not_required(views.PublicPageView.as_view()), name="public"),
    path(
        "p/<slug:slug>/document/",
        login_not_required(views.PublicDocumentView.as_view()),
        name="public-document",
    ),
]
