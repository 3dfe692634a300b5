"""The SLA report in the API."""
