"""The audit trail: one change record per write, whoever made it, and the pages to read it."""
