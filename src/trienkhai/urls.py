from django.urls import include, path

urlpatterns = [
    path("", include("trienkhai.core.urls")),
    path("units/", include("trienkhai.units.urls")),
]
