"""Monitoring resources in Dutch, one module per resource; writes are validated by the services."""
