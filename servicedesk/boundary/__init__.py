"""The request boundary that pages (web/) and the API (api/) share.

The clock a request acts at, the unit of work that commits or rolls back a domain action
whole, and files going in and out: the same code whether a person clicks or a client calls.
"""
