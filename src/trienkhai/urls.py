from django.urls import include, path

urlpatterns = [
    path("", include("trienkhai.core.urls")),
    path("units/", include("trienkhai.units.urls")),
    path("study/", include("trienkhai.study.urls")),
    path("programs/", include("trienkhai.programs.urls")),
    path("reporting/", include("trienkhai.reporting.urls")),
    path("", include("trienkhai.resolutions.urls")),
]

handler400 = "trienkhai.core.errors.bad_request"
