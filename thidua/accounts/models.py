"""People: one account per person, linked to the organisation they act for."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    BOARD_OFFICER = "board", _("Board officer")
    REPRESENTATIVE = "representative", _("Unit representative")
    LEADER = "leader", _("Unit leader")


class PeopleManager(UserManager["User"]):
    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra: Any
    ) -> User:
        """The system administrator acts with a Board officer's reach (see create_board_officer,
        which also writes the audit event)."""
        extra.setdefault("role", Role.BOARD_OFFICER)
        extra.setdefault("full_name", username)
        return super().create_superuser(username, email, password, **extra)


class User(AbstractUser):
    """`role` says what a person is; block head powers come from the cycle, not from here."""

    full_name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(
        _("position"),
        max_length=150,
        blank=True,
        help_text=_("For example: Chairman, Vice chairman, Office chief."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.REPRESENTATIVE
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name=_("organisation"),
    )
    # Search keys maintained by the services that write names (see thidua.lib.text).
    search_exact = models.CharField(max_length=600, blank=True, editable=False)
    search_folded = models.CharField(max_length=600, blank=True, editable=False)

    objects: ClassVar[PeopleManager] = PeopleManager()

    class Meta:
        ordering = ["full_name", "username"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="unique_user_email",
                condition=~models.Q(email=""),
            ),
            models.CheckConstraint(
                condition=models.Q(role="board") | models.Q(organisation__isnull=False),
                name="unit_people_have_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        """The person's name as people know it (Django's version joins first_name and
        last_name, which this product leaves empty)."""
        return self.full_name

    @property
    def is_board(self) -> bool:
        return self.is_active and (self.role == Role.BOARD_OFFICER or self.is_superuser)

    @property
    def is_leader(self) -> bool:
        return self.role == Role.LEADER
