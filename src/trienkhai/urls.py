from django.urls import include, path

urlpatterns = [
    path("", include("trienkhai.core.urls")),
    path("units/", include("trienkhai.units.urls")),
    path("study/", include("trienkhai.study.urls")),
    path("programs/", include("trienkhai.programs.urls")),
    path("reporting/", include("trienkhai.reporting.urls")),
    path("notifications/", include("trienkhai.notifications.urls")),
    path("inspections/", include("trienkhai.inspections.urls")),
    path("outreach/", include("trienkhai.outreach.urls")),
    path("imports/", include("trienkhai.imports.urls")),
    path("api/", include("trienkhai.api.urls")),
    path("", include("trienkhai.resolutions.urls")),
]

handler400 = "trienkhai.core.errors.bad_request"
# The database gone away (from a middleware, before any view) is a 503, not a 500: see
# core/unavailable.py (the views' own errors go through DatabaseUnavailableMiddleware).
handler500 = "trienkhai.core.unavailable.server_error"
