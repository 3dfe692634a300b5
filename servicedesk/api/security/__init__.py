"""Security incidents in the API: the handler's facts and the legal clocks' decisions of a
`security` ticket (the ticket itself, and its clocks in `sla`, are under /tickets)."""
