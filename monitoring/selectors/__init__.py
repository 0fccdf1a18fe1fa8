"""Reads for monitoring, one module per concern: kpis, figures, dashboard, updates, coverage."""
