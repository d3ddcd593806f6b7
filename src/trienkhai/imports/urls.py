"""Imports: URLs."""

from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("unit/<int:pk>/", views.UnitImportsView.as_view(), name="unit"),
    path("<int:pk>/", views.ImportDetailView.as_view(), name="detail"),
    path("<int:pk>/mapping/", views.MappingView.as_view(), name="mapping"),
    path("<int:pk>/commit/", views.CommitView.as_view(), name="commit"),
    path("<int:pk>/undo/", views.UndoView.as_view(), name="undo"),
    path("<int:pk>/progress/", views.ProgressView.as_view(), name="progress"),
    path("template/<slug:kind>.xlsx", views.template_download, name="template"),
]
