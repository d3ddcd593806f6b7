"""Imports: URLs."""

app_name = "imports"
urlpatterns: list = []
