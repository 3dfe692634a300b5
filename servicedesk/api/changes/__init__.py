"""Change requests and problem records in the API."""
