from django.urls import path

from . import views

app_name = "portability"

urlpatterns = [
    path(
        "articles/<slug:slug>/old-comments/<int:comment_id>/",
        views.old_comment,
        name="old_comment",
    ),
]
