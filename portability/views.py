from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_safe

from articles.models import Article
from comments.models import Comment

from .models import ImportedComment


@require_safe
def old_comment(request, slug, comment_id):
    """Where `#comment-<comment_id>` on this article's page is now (static/js/comments.js asks
    when the page holds no comment with that id): the comment's own address.

    The id is first taken as the old site's, since its links arrive on the article's first
    page wherever the comment now is; else as one of ours that moved to another page since
    its link was copied. A comment readers do not see, or no comment at all, leads to the
    article itself.
    """
    article = get_object_or_404(Article.objects.published(), slug=slug)
    shown = Comment.objects.approved().filter(article=article)
    imported = ImportedComment.objects.filter(source_id=str(comment_id)).values("comment")
    comment = (
        shown.filter(pk__in=imported).order_by("pk").first() or shown.filter(pk=comment_id).first()
    )
    return redirect(comment or article)
