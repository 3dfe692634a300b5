"""Access requests, their decisions, the access register and access reviews (JSON)."""
