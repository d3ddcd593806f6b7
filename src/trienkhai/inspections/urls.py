"""Inspection and supervision: URLs. Object pages take ``pk``, as the permission matrix expects."""

from django.urls import path

from . import views

app_name = "inspections"
urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("recommendations/", views.RecommendationListView.as_view(), name="recommendations"),
    path("units/<int:pk>/numbers/", views.NumbersRowsView.as_view(), name="numbers-rows"),
    path("units/<int:pk>/programs/new/", views.ProgramNewView.as_view(), name="program-new"),
    path("units/<int:pk>/new/", views.InspectionNewView.as_view(), name="inspection-new"),
    path("programs/<int:pk>/", views.ProgramDetailView.as_view(), name="program-detail"),
    path("programs/<int:pk>/items/new/", views.ItemAddView.as_view(), name="item-add"),
    path("<int:pk>/", views.InspectionDetailView.as_view(), name="inspection-detail"),
    path("<int:pk>/sign/", views.SignView.as_view(), name="inspection-sign"),
    path("<int:pk>/extend/", views.ExtendView.as_view(), name="inspection-extend"),
    path("<int:pk>/findings/new/", views.FindingAddView.as_view(), name="finding-add"),
    path(
        "<int:pk>/recommendations/new/",
        views.RecommendationAddView.as_view(),
        name="recommendation-add",
    ),
    path("<int:pk>/draft/", views.DraftView.as_view(), name="conclusion-draft"),
    path("<int:pk>/approve/", views.ApproveView.as_view(), name="conclusion-approve"),
    path("<int:pk>/supervision/", views.SupervisionView.as_view(), name="supervision-record"),
    path("<int:pk>/reinspect/", views.ReinspectView.as_view(), name="reinspect"),
    path("<int:pk>/notice.docx", views.NoticeView.as_view(), name="notice"),
    path("targets/<int:pk>/self-report/", views.SelfReportView.as_view(), name="self-report"),
    path("targets/<int:pk>/file/", views.SelfReportFileView.as_view(), name="self-report-file"),
    path("findings/<int:pk>/file/", views.FindingEvidenceView.as_view(), name="finding-evidence"),
    path(
        "recommendations/<int:pk>/",
        views.RecommendationDetailView.as_view(),
        name="recommendation-detail",
    ),
    path(
        "recommendations/<int:pk>/accept/", views.AcceptView.as_view(), name="recommendation-accept"
    ),
    path(
        "recommendations/<int:pk>/report/", views.ReportView.as_view(), name="recommendation-report"
    ),
    path("recommendations/<int:pk>/close/", views.CloseView.as_view(), name="recommendation-close"),
    path(
        "recommendations/<int:pk>/send-back/",
        views.SendBackView.as_view(),
        name="recommendation-send-back",
    ),
    path(
        "recommendations/<int:pk>/file/",
        views.RecommendationEvidenceView.as_view(),
        name="recommendation-evidence",
    ),
]
