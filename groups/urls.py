from django.urls import path

from . import views

app_name = "groups"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.create, name="create"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/bookmarks/", views.bookmarks, name="bookmarks"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/delete/", views.delete, name="delete"),
    path("<slug:slug>/manage/", views.manage, name="manage"),
    path("<slug:slug>/broadcast/", views.broadcast, name="broadcast"),
    path("<slug:slug>/members/add/", views.add_member, name="add_member"),
    path("<slug:slug>/members/import/", views.import_members, name="import_members"),
    path("<slug:slug>/members/<int:user_id>/<slug:action>/", views.member_action, name="member_action"),
    path("<slug:slug>/bookmarks/add/", views.bookmark_add, name="bookmark_add"),
    path("<slug:slug>/bookmarks/<int:pk>/edit/", views.bookmark_edit, name="bookmark_edit"),
    path("<slug:slug>/bookmarks/<int:pk>/<slug:action>/", views.bookmark_action, name="bookmark_action"),
    path("<slug:slug>/<slug:action>/", views.group_action, name="action"),
]
