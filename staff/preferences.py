"""The page where a moderator chooses how they hear of waiting comments, and their address."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy

from comments.models import ModeratorPreference


class NotificationsForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Your email address"),
        required=False,
        help_text=gettext_lazy("Where the emails about waiting comments go. Readers never see it."),
    )
    notify = forms.ChoiceField(
        label=gettext_lazy("Tell me about waiting comments"),
        choices=ModeratorPreference.Notify.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, user, **kwargs):
        preference = ModeratorPreference.objects.filter(user=user).first()
        notify = preference.notify if preference else ModeratorPreference.Notify.EACH
        super().__init__(*args, initial={"email": user.email, "notify": notify}, **kwargs)
        self.user = user

    def save(self):
        self.user.email = get_user_model().objects.normalize_email(self.cleaned_data["email"])
        self.user.save(update_fields=["email"])
        ModeratorPreference.objects.update_or_create(
            user=self.user, defaults={"notify": self.cleaned_data["notify"]}
        )


def notifications(request):
    """A moderator's own choice: an email per waiting comment (the default), a daily digest
    (comments/digest.py) or none. Staff who may not moderate comments are refused."""
    if not request.user.has_perm("comments.change_comment"):
        raise PermissionDenied
    form = NotificationsForm(request.POST or None, user=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, gettext("Your notification settings are saved."))
        return redirect("admin:notifications")
    context = {
        **admin.site.each_context(request),
        "title": gettext("Your notifications"),
        "form": form,
        "listed_addresses": bool(settings.COMMENTS_MODERATOR_EMAILS),
    }
    return render(request, "staff/notifications.html", context)
