from django.urls import path

from . import report_views, status_views, subscription_views, views

app_name = "comments"

urlpatterns = [
    path("articles/<slug:slug>/comments/", views.comment_post, name="post"),
    path("comments/<int:pk>/", views.comment_permalink, name="permalink"),
    # A reader's report of a published comment (comments/report_views.py).
    path("comments/<int:pk>/report/", report_views.comment_report_page, name="report"),
    path(
        "comments/<int:pk>/report/thanks/",
        report_views.comment_report_thanks,
        name="report_thanks",
    ),
    # The poster's status link (comments/status_links.py) and what it lets them do.
    path("comments/<int:pk>/status/<str:token>/", status_views.comment_status, name="status"),
    path(
        "comments/<int:pk>/status/<str:token>/edit/",
        status_views.comment_status_edit,
        name="status_edit",
    ),
    path(
        "comments/<int:pk>/status/<str:token>/anonymise/",
        status_views.comment_status_confirm,
        {"action": "anonymise"},
        name="status_anonymise",
    ),
    path(
        "comments/<int:pk>/status/<str:token>/withdraw/",
        status_views.comment_status_confirm,
        {"action": "withdraw"},
        name="status_withdraw",
    ),
    # Reply emails (comments/notifications.py) and the remembered name (comments/remember.py).
    path(
        "comments/<int:pk>/status/<str:token>/reply-emails/",
        subscription_views.reply_emails_set,
        name="reply_emails",
    ),
    path(
        "comments/replies/confirm/<str:token>/",
        subscription_views.reply_emails_confirm,
        name="reply_emails_confirm",
    ),
    path("comments/unsubscribe/<str:token>/", subscription_views.unsubscribe, name="unsubscribe"),
    path("comments/remembered/", subscription_views.remembered, name="remembered"),
    path("comments/forget-me/", subscription_views.forget, name="forget"),
]
