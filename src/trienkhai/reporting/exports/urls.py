"""The exports' URLs, mounted by ``reporting/urls.py`` in the ``reporting`` namespace.

``export`` takes the format as ``?format=xlsx|docx`` (the dashboard's buttons); ``export-xlsx``
and ``export-docx`` carry it in the path, so that the file's URL ends like the file. Jobs are
addressed by a random token, not an id: the token and the owner check keep them private.
"""

from django.urls import path

from .. import views_exports as views

urlpatterns = [
    path("plans/<int:pk>/export/", views.ExportView.as_view(), name="export"),
    path("plans/<int:pk>/export.xlsx", views.ExportView.as_view(fmt="xlsx"), name="export-xlsx"),
    path("plans/<int:pk>/export.docx", views.ExportView.as_view(fmt="docx"), name="export-docx"),
    path("exports/<uuid:token>/", views.JobView.as_view(), name="export-job"),
    path("exports/<uuid:token>/file", views.JobFileView.as_view(), name="export-job-file"),
]
