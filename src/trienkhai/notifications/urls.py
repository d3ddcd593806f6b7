"""Notifications: URLs."""

from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("<int:pk>/open/", views.OpenView.as_view(), name="open"),
    path("bell/", views.BellView.as_view(), name="bell"),
    path("read/", views.MarkAllReadView.as_view(), name="read-all"),
    path("preferences/", views.PreferencesView.as_view(), name="preferences"),
    path("numbers/", views.NumbersView.as_view(), name="numbers"),
]
