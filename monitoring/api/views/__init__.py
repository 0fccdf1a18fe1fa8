"""Monitoring resources, one module per resource (registered in gezondemarke/api_urls.py)."""
