"""Scheduled jobs: each area declares its jobs in its own module here (thin wrappers over
domain functions, on the registry in `registry.py`); `scheduler.py` runs them under leases."""
