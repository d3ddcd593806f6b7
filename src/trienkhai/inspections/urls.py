"""Inspection and supervision: URLs."""

app_name = "inspections"
urlpatterns: list = []
