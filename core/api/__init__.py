"""Shared API machinery: NL API Design Rules (problem+json, versions, paging, sync filters)."""

API_VERSION = "1.5.0"
