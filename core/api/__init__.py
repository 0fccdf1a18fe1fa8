"""Shared API machinery: NL API Design Rules (problem+json, versioning, pagination, sync filters)."""

API_VERSION = "1.0.0"
