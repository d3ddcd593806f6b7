"""The dashboard of a plan and the rows behind its numbers, under /reporting/.

The exports (Excel, Word) mount their own views here when ``reporting/exports/urls.py``
exists (``urlpatterns`` in the same ``reporting`` namespace; the dashboard links
``reporting:export``)."""

from importlib.util import find_spec

from django.urls import URLPattern, URLResolver, include, path

from . import views

app_name = "reporting"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.DashboardIndexView.as_view(), name="index"),
    path("plans/<int:pk>/", views.DashboardView.as_view(), name="dashboard"),
    path("plans/<int:pk>/rows/", views.RowsView.as_view(), name="rows"),
]
if find_spec("trienkhai.reporting.exports.urls") is not None:
    urlpatterns.append(path("", include("trienkhai.reporting.exports.urls")))
