"""Progress reports, annual reviews, coverage and the progress rule (the follow-up screens)."""

urlpatterns: list = []
