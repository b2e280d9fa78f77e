app_name = "townships"

urlpatterns = []
