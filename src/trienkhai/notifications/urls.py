"""Notifications: URLs."""

app_name = "notifications"
urlpatterns: list = []
