"""Outage notices and major incidents over the API."""
