"""Change management and problem management: change requests, approvals, conflicts and freezes, problem records, links to tickets."""
