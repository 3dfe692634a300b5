"""Tickets in the API: filing, lists, one ticket, its conversation, files and history, and imports."""
