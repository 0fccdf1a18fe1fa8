"""Code every app shares and that knows no domain model (the lowest layer)."""
