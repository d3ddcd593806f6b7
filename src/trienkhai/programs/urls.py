"""Programs' URLs: drafting and approval (``views/drafting_urls.py``) and following progress,
reviews and coverage (``views/follow_urls.py``)."""

from .views import drafting_urls, follow_urls

app_name = "programs"
urlpatterns = [*drafting_urls.urlpatterns, *follow_urls.urlpatterns]
