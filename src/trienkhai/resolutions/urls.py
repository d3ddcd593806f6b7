"""Resolutions under /resolutions/, plans and obligations under /plans/ (one namespace)."""

from django.urls import path

from .views import obligations, plans, resolutions

app_name = "resolutions"
urlpatterns = [
    path("resolutions/", resolutions.ResolutionListView.as_view(), name="resolution-list"),
    path("resolutions/new/", resolutions.ResolutionCreateView.as_view(), name="resolution-add"),
    path(
        "resolutions/<int:pk>/",
        resolutions.ResolutionDetailView.as_view(),
        name="resolution-detail",
    ),
    path(
        "resolutions/<int:pk>/edit/",
        resolutions.ResolutionEditView.as_view(),
        name="resolution-edit",
    ),
    path(
        "resolutions/<int:pk>/pdf/",
        resolutions.ResolutionDocumentView.as_view(),
        name="resolution-document",
    ),
    path("plans/", plans.PlanListView.as_view(), name="plan-list"),
    path("plans/new/", plans.PlanCreateView.as_view(), name="plan-add"),
    path("plans/<int:pk>/", plans.PlanDetailView.as_view(), name="plan-detail"),
    path("plans/<int:pk>/edit/", plans.PlanEditView.as_view(), name="plan-edit"),
    path("plans/<int:pk>/issue/", plans.PlanIssueView.as_view(), name="plan-issue"),
    path(
        "plans/<int:pk>/obligations/",
        obligations.ObligationListView.as_view(),
        name="obligation-list",
    ),
    path(
        "plans/requirements/<int:pk>/",
        obligations.RequirementDetailView.as_view(),
        name="requirement-detail",
    ),
    path("plans/inbox/<int:pk>/", obligations.InboxView.as_view(), name="inbox"),
    path(
        "plans/obligations/<int:pk>/",
        obligations.ObligationDetailView.as_view(),
        name="obligation-detail",
    ),
    path(
        "plans/documents/<int:pk>/",
        obligations.ObligationDocumentView.as_view(),
        name="obligation-document",
    ),
]
