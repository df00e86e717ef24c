from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_GET, require_POST

from articles.models import Article
from articles.views import render_article
from hfs_site.origin import same_origin_posts_only

from .forms import CommentForm
from .listing import comment_location
from .models import THREAD_TOP, Comment
from .moderation import comments_open
from .page import poster_landing
from .ratelimit import client_ip, rate_limit_hit
from .remember import forget_commenter, is_remembered, remember_commenter
from .services import comment_create
from .triage import crisis_help_for

# Marked here, translated where they are used (the reader's language at that moment).
RATE_LIMITED_MESSAGE = gettext_noop(
    "You have posted several comments in a short time. Please wait a few minutes, then post "
    "again: your text is kept below."
)
# What the page's title says before the article's, so that a screen reader says it first.
ERROR_TITLE = gettext_noop("Error: check your comment")
RATE_LIMITED_TITLE = gettext_noop("Error: please wait before posting again")
CLOSED_TITLE = gettext_noop("Error: comments are closed")
PREVIEW_TITLE = gettext_noop("Preview of your comment")
PRIVACY_TITLE = gettext_noop("Check before posting")


@require_POST
@same_origin_posts_only
def comment_post(request, slug):
    """Take a reader's comment: store it and send the poster to their private view of the
    page (comments/links.py). Otherwise store nothing and answer on the form, their text
    kept: what to fix, a preview ("preview" button), or the privacy check of the text, which
    the poster may overrule ("privacy_confirmed")."""
    article = get_object_or_404(Article.objects.published(), slug=slug)
    # Words of distress are answered with help at once, on whichever page answers.
    crisis_help = crisis_help_for(request.POST.get("body", ""))
    if not comments_open(article):
        refused = {"refused_text": request.POST.get("body", ""), "crisis_help": crisis_help}
        return _answer(request, article, CLOSED_TITLE, status=403, **refused)
    form = CommentForm(request.POST, article=article)
    if not form.is_valid():
        return _answer(request, article, ERROR_TITLE, comment_form=form, crisis_help=crisis_help)
    if "preview" in request.POST:
        preview = {
            "comment_preview": form.preview(),
            "privacy_check": form.privacy_check(),
            "crisis_help": crisis_help,
        }
        return _answer(request, article, PREVIEW_TITLE, comment_form=form, **preview)
    if not form.cleaned_data["privacy_confirmed"] and (check := form.privacy_check()).holds_post:
        check = {"privacy_check": check, "crisis_help": crisis_help}
        return _answer(request, article, PRIVACY_TITLE, comment_form=form, **check)
    ip_address = client_ip(request)
    if retry_after := rate_limit_hit(ip=ip_address, email=form.cleaned_data["author_email"]):
        form.add_error(None, gettext(RATE_LIMITED_MESSAGE))
        response = _answer(
            request,
            article,
            RATE_LIMITED_TITLE,
            status=429,
            comment_form=form,
            crisis_help=crisis_help,
        )
        response["Retry-After"] = retry_after
        return response
    comment = comment_create(
        article=article,
        data=form.comment_data(),
        signals=form.signals(),
        ip_address=ip_address,
        user_agent=request.headers.get("User-Agent", ""),
        parent=form.cleaned_data["parent"],
        email_status_link=form.cleaned_data["email_status_link"],
    )
    response = redirect(poster_landing(comment))
    if form.cleaned_data["remember_me"]:
        remember_commenter(response, comment.author_name, comment.author_email)
    elif is_remembered(request):
        forget_commenter(response)
    return response


def _answer(request, article, title, *, status=200, **context):
    """The article page with the reader's form as posted and `title` (one of the *_TITLE
    above) before the article's: for them alone, never kept."""
    title = gettext(title)
    response = render_article(request, article, status=status, answer_title=title, **context)
    add_never_cache_headers(response)
    return response


@require_GET
def comment_permalink(request, pk):
    """A comment's lasting address: redirect to the article page that holds it now.

    Readers reach the comments every reader sees; moderators reach any, e.g. from the admin.
    """
    comments = Comment.objects.filter(article__in=Article.objects.published())
    if not request.user.has_perm("comments.change_comment"):
        comments = comments.approved()
    comment = get_object_or_404(comments.select_related("article", THREAD_TOP), pk=pk)
    return redirect(comment_location(comment))
