"""Security incidents on the web: the employee's report form, the handler's section of the
staff ticket page (`desk.py`, on the desk blueprint) and the report of incidents."""
