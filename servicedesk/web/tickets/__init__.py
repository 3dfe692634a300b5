"""Tickets on the web: the employee portal, the agent desk, uploads and downloads."""
