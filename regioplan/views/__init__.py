"""Plan pages, one module per concern: pages (public), editing (goals), objects (simple objects)."""
