from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import views

app_name = "study"
urlpatterns = [
    path("", views.StudyHomeView.as_view(), name="home"),
    path("units/<int:pk>/", views.SessionListView.as_view(), name="unit-sessions"),
    path("units/<int:pk>/sessions/add/", views.SessionCreateView.as_view(), name="session-add"),
    path("units/<int:pk>/reports/", views.ReportListView.as_view(), name="unit-reports"),
    path("units/<int:pk>/reports/add/", views.ClerkReportView.as_view(), name="report-add"),
    path("units/<int:pk>/numbers/", views.NumbersView.as_view(), name="unit-numbers"),
    path("units/<int:pk>/numbers/rows/", views.NumbersRowsView.as_view(), name="unit-numbers-rows"),
    path("sessions/<int:pk>/", views.SessionDetailView.as_view(), name="session-detail"),
    path("sessions/<int:pk>/edit/", views.SessionEditView.as_view(), name="session-edit"),
    path("sessions/<int:pk>/makeup/", views.MakeupCreateView.as_view(), name="session-makeup"),
    path("sessions/<int:pk>/held/", views.MarkHeldView.as_view(), name="session-held"),
    path("sessions/<int:pk>/roster/", views.RosterView.as_view(), name="roster"),
    path("sessions/<int:pk>/qr/", views.QRScreenView.as_view(), name="session-qr"),
    # Open without a login: the rotating token is the capability (see views/checkin.py).
    path(
        "checkin/<int:pk>/<str:token>/",
        login_not_required(views.CheckInView.as_view()),
        name="checkin",
    ),
    path("sessions/<int:pk>/kiosk/", views.KioskSwitchView.as_view(), name="session-kiosk"),
    # Open without a login: only a device a clerk turned into the session's kiosk gets in.
    path("kiosk/<int:pk>/", login_not_required(views.KioskView.as_view()), name="kiosk"),
    path("conflicts/<int:pk>/", views.ConflictResolveView.as_view(), name="conflict-resolve"),
    path("pin/", views.MyPinView.as_view(), name="my-pin"),
    path("people/<int:pk>/pin/", views.PersonPinView.as_view(), name="person-pin"),
    path("plans/<int:pk>/report/", views.MyReportView.as_view(), name="my-report"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report-detail"),
    path("reports/<int:pk>/review/", views.ReviewView.as_view(), name="report-review"),
    path("reports/<int:pk>/check/", views.ReportCheckView.as_view(), name="report-check"),
    path("reports/<int:pk>/file/", views.ReportFileView.as_view(), name="report-file"),
]
