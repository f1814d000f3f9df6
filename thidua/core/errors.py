"""Domain errors raised by services; views turn them into messages, never into 500s."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the product refused the action. `message` is translated, for the user."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
