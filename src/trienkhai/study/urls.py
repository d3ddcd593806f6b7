app_name = "study"
urlpatterns = []
