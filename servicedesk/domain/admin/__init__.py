"""Administration of the catalog, organisation, users and routing rules.

Each function validates its input, raises ValidationError naming the field, records an
audit entry where access changes, and flushes (the request boundary commits).
"""
