from django.shortcuts import render
from django.views.decorators.http import require_GET

from .queries import search_site


@require_GET
def search(request):
    """The search page: a form, and the matching articles and comments once a reader asks."""
    query = request.GET.get("q", "")
    context = {
        "query": query.strip(),
        "results": search_site(query) if query.strip() else None,
        "hide_header_search": True,
    }
    return render(request, "search/search.html", context)
