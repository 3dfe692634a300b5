"""The priority matrix: impact x urgency -> priority 1 (Kritisk) to 4 (Låg).

Impact: 1 the whole municipality / several units, 2 one unit or group, 3 one user.
Urgency: 1 work stopped / time-critical, 2 work hampered, 3 can wait.
"""

from __future__ import annotations

IMPACTS = (1, 2, 3)
URGENCIES = (1, 2, 3)

# rows: impact 1..3, columns: urgency 1..3
MATRIX: dict[int, tuple[int, int, int]] = {
    1: (1, 2, 3),
    2: (2, 3, 4),
    3: (3, 4, 4),
}


def priority_for(impact: int, urgency: int) -> int:
    if impact not in IMPACTS or urgency not in URGENCIES:
        raise ValueError(f"impact and urgency must be 1-3, got {impact}, {urgency}")
    return MATRIX[impact][urgency - 1]
