"""Template context that knows no domain model."""

from .pagecache import generation


def cache_generation(request):
    """`cache_generation` for `{% cache ... cache_generation ... using="pages" %}` fragments:
    a callable, so the cache is asked only by templates that cache a fragment."""
    return {"cache_generation": generation}
