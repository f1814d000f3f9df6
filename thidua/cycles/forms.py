"""Forms of the cycles pages. They collect and check input; services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.errors import DomainError
from thidua.core.forms import StyledForm
from thidua.cycles.models import AwardType, Policy, ScoreMethod, ScorerMode, TieBreak, VoteBase
from thidua.cycles.selectors import unit_choices
from thidua.orgs.models import Block, Organisation, Province
from thidua.orgs.services import check_year

TIE_BREAK_SLOTS = 3


class BlockChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.province.name})"


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class CycleCreateForm(StyledForm):
    """Block and year first; the head/deputy choices follow the block's members that year.

    The fields accept any organisation of the province so that the service, not the form,
    explains why a unit that is not a member cannot hold a role.
    """

    block = BlockChoiceField(label=_("Block"), queryset=Block.objects.none())
    year = forms.IntegerField(label=_("Year"))
    head_unit = UnitChoiceField(
        label=_("Head unit"),
        queryset=Organisation.objects.none(),
        help_text=_("By default, last year's deputy unit becomes this year's head."),
        error_messages={"required": _("Choose the head unit.")},
    )
    deputy_unit = UnitChoiceField(
        label=_("Deputy unit"),
        queryset=Organisation.objects.none(),
        error_messages={"required": _("Choose the deputy unit.")},
    )
    copy_members = forms.BooleanField(
        label=_("Copy last year's members"),
        required=False,
        initial=True,
        help_text=_("Used only when the block has no members yet for this year."),
    )

    def __init__(self, *args: Any, blocks: list[Block], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.model_choice_field("block").queryset = Block.objects.filter(
            pk__in=[b.pk for b in blocks]
        ).select_related("province")
        self.chosen_block, self.year_value = self._chosen(blocks)
        self.candidates: list[Organisation] = []
        self.from_last_year = False
        if self.chosen_block is not None:
            if self.year_value is not None:
                self.candidates, self.from_last_year = unit_choices(
                    self.chosen_block, self.year_value
                )
            units = Organisation.objects.filter(province_id=self.chosen_block.province_id)
            for name in ("head_unit", "deputy_unit"):
                field = self.model_choice_field(name)
                field.queryset = units
                field.widget.choices = [("", "---------")] + [
                    (o.pk, o.name) for o in self.candidates
                ]

    def _chosen(self, blocks: list[Block]) -> tuple[Block | None, int | None]:
        source = self.data if self.is_bound else self.initial
        by_pk = {str(b.pk): b for b in blocks}
        block = by_pk.get(str(source.get("block") or ""))
        try:
            year = int(source.get("year") or "")
        except (TypeError, ValueError):
            year = None
        try:
            check_year(year or 0)
        except DomainError:
            year = None  # no candidates to look up; clean_year explains the valid range
        return block, year

    def clean_year(self) -> int:
        year: int = self.cleaned_data["year"]
        try:
            check_year(year)
        except DomainError as err:
            raise forms.ValidationError(err.message) from err
        return year


class CycleUnitsForm(StyledForm):
    head_unit = UnitChoiceField(label=_("Head unit"), queryset=Organisation.objects.none())
    deputy_unit = UnitChoiceField(label=_("Deputy unit"), queryset=Organisation.objects.none())

    def __init__(self, *args: Any, candidates: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("head_unit", "deputy_unit"):
            self.model_choice_field(name).queryset = Organisation.objects.filter(
                pk__in=[o.pk for o in candidates]
            )


class PolicyForm(StyledForm):
    """Every rule of a policy; fractions as numerator/denominator, quotas per award type."""

    quorum_numerator = forms.IntegerField(label=_("Quorum: numerator"), min_value=1)
    quorum_denominator = forms.IntegerField(label=_("Quorum: denominator"), min_value=1)
    vote_threshold_numerator = forms.IntegerField(label=_("Vote threshold: numerator"), min_value=1)
    vote_threshold_denominator = forms.IntegerField(
        label=_("Vote threshold: denominator"), min_value=1
    )
    vote_threshold_strict = forms.BooleanField(
        label=_("Strictly more than the threshold"),
        required=False,
        help_text=_(
            "Checked: more than the fraction (e.g. more than 1/2). "
            "Unchecked: at least the fraction (e.g. at least 2/3)."
        ),
    )
    vote_base = forms.ChoiceField(label=_("Threshold counted on"), choices=VoteBase.choices)
    allow_written_vote = forms.BooleanField(
        label=_("Absent units may vote in writing"), required=False
    )
    scorer_mode = forms.ChoiceField(label=_("Who cross-scores"), choices=ScorerMode.choices)
    scorers_per_unit = forms.IntegerField(
        label=_("Scorers per unit (assigned scorers only)"), min_value=1
    )
    score_method = forms.ChoiceField(label=_("Final score"), choices=ScoreMethod.choices)
    one_award_per_title_per_year = forms.BooleanField(
        label=_("At most one award per title per year for an organisation"), required=False
    )

    def __init__(self, *args: Any, awards: list[tuple[AwardType, int]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rule_choices = [("", _("(none)")), *TieBreak.choices]
        for slot in range(1, TIE_BREAK_SLOTS + 1):
            self.fields[f"tie_break_{slot}"] = forms.ChoiceField(
                label=_("Tie-break rule %(n)s") % {"n": slot}, choices=rule_choices, required=False
            )
        self.awards = awards
        for award, quota in awards:
            self.fields[f"quota_{award.pk}"] = forms.IntegerField(
                label=_("Quota: %(award)s") % {"award": award.name},
                min_value=0,
                initial=quota,
                help_text=_("How many units the block may propose each year."),
            )

    @staticmethod
    def initial_for(policy: Policy) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(policy, name)
            for name in (
                "quorum_numerator",
                "quorum_denominator",
                "vote_threshold_numerator",
                "vote_threshold_denominator",
                "vote_threshold_strict",
                "vote_base",
                "allow_written_vote",
                "scorer_mode",
                "scorers_per_unit",
                "score_method",
                "one_award_per_title_per_year",
            )
        }
        for slot, rule in enumerate(policy.tie_breaks[:TIE_BREAK_SLOTS], start=1):
            initial[f"tie_break_{slot}"] = rule
        return initial

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        rules = [data.get(f"tie_break_{slot}") for slot in range(1, TIE_BREAK_SLOTS + 1)]
        chosen = [r for r in rules if r]
        if len(set(chosen)) != len(chosen):
            self.add_error("tie_break_1", _("Each tie-break rule may appear only once."))
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {k: v for k, v in data.items() if not k.startswith(("tie_break_", "quota_"))}
        values["tie_breaks"] = [
            data[f"tie_break_{s}"]
            for s in range(1, TIE_BREAK_SLOTS + 1)
            if data.get(f"tie_break_{s}")
        ]
        return values

    def quotas(self) -> dict[int, int]:
        return {award.pk: self.cleaned_data[f"quota_{award.pk}"] for award, _q in self.awards}

    def fraction_fields(self) -> list[Any]:
        return [self[n] for n in ("quorum_numerator", "quorum_denominator")]

    def threshold_fields(self) -> list[Any]:
        return [
            self[n]
            for n in (
                "vote_threshold_numerator",
                "vote_threshold_denominator",
                "vote_threshold_strict",
                "vote_base",
                "allow_written_vote",
            )
        ]

    def scoring_fields(self) -> list[Any]:
        return [self[n] for n in ("scorer_mode", "scorers_per_unit", "score_method")]

    def tie_break_fields(self) -> list[Any]:
        return [self[f"tie_break_{s}"] for s in range(1, TIE_BREAK_SLOTS + 1)]

    def quota_fields(self) -> list[Any]:
        return [self[f"quota_{a.pk}"] for a, _q in self.awards] + [
            self["one_award_per_title_per_year"]
        ]


class AwardTypeForm(StyledForm):
    province = forms.ModelChoiceField(label=_("Province"), queryset=Province.objects.all())
    code = forms.SlugField(
        label=_("Code"), max_length=30, help_text=_("Short identifier, e.g. co-thi-dua.")
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    beneficiary = forms.ChoiceField(label=_("For"), choices=AwardType.Beneficiary.choices)
    decided_by = forms.CharField(
        label=_("Decided by"),
        max_length=200,
        required=False,
        help_text=_("E.g. Chairman of the provincial People's Committee."),
    )
    is_flag = forms.BooleanField(
        label=_("Leading unit only"),
        required=False,
        help_text=_("The title goes only to the leading unit(s) of the block's ranking."),
    )
    default_quota = forms.IntegerField(
        label=_("Default quota per block and year"), min_value=0, initial=1
    )
    order = forms.IntegerField(label=_("Order in lists"), min_value=0, initial=0)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["province"]
