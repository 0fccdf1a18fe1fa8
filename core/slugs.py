from django.utils.text import slugify


def unique_slug(model, name: str, *, exclude_pk=None) -> str:
    """Return a slug for `name` that no other row of `model` has (`-2`, `-3`, ... appended)."""
    base = slugify(name)[:180] or "item"
    slug, n = base, 2
    qs = model.objects.all()
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
