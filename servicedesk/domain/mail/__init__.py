"""Mail: rendering, sending the outbox, and turning inbound mail into cases and replies."""
