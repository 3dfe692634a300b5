"""`GET /api/v1/search`: the full-text search of the header box, as JSON."""
