"""Outage notices (driftinformation): notices about one or more services (planned
maintenance, an ongoing disruption, resolved), published to the portal, the desk, a public
page and an Atom feed, with their history; and the employees who follow a service by mail.

- `notices`: write, publish, update, resolve; which notices are active;
- `subscriptions`: follow a service, and the mail to its followers through the outbox.
"""
