"""Types every app shares."""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

#: Who performs a write: a person, or None when the system does (commands, the demo). An anonymous
#: visitor is allowed so that a service can refuse them itself.
Actor: TypeAlias = AbstractBaseUser | AnonymousUser | None
