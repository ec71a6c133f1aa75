from django.urls import path

from . import views

urlpatterns = [
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/bulk/", views.notification_bulk, name="notification_bulk"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("notifications/<int:pk>/delete/", views.notification_delete, name="notification_delete"),
    path("informations/", views.information_list, name="informations"),
]
