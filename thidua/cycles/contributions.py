"""What cycles contributes to the floor's hubs (thidua/core/contributions.py): the Board's
to-do item for a cycle behind its year."""

from __future__ import annotations

from thidua.core.todo import todo_providers
from thidua.cycles import todo

todo_providers.add(todo.overdue_cycles, key="cycles", order=90)
