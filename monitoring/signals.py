"""What monitoring tells the apps above it. They connect in their AppConfig.ready()."""

from django.dispatch import Signal

# Sent after an approved progress update commits, with update_id=...
update_approved = Signal()

# Sent after a review (approved or returned) commits, with update_id=...
update_reviewed = Signal()
