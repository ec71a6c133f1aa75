app_name = "bio"

urlpatterns = []
