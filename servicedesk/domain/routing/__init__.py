"""Where a case goes: the routing decision, re-routing, and automatic assignment inside a queue."""
