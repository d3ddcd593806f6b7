"""Outreach to the public: URLs."""

app_name = "outreach"
urlpatterns: list = []
