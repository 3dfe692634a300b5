"""Major incidents (större incidenter): one incident marked as major stands for the many
cases filed about the same fault. Other incidents are linked to it as children (by an
agent, several at once from the queue list, or by an employee who presses "Jag är också
drabbad" on a notice); one public update reaches every linked requester; resolving it
resolves the children with its solution. Each child keeps its own requester, SLA timers
and history.

- `incidents`: declare, link and unlink children, join from a notice, updates, workaround,
  problem record, resolve;
- `timeline`: what happened when, for the post-incident review;
- `suggestions`: per-service thresholds (N incidents within M minutes) and the
  suggestions they raise on the desk.
"""
