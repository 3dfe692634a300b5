"""Tickets: the lifecycle, lists, what a viewer may read, files, the priority matrix and the ticket events."""
