"""Every read of the scoring app, by concern:

- ``criteria``: the criteria table and its tree;
- ``sheets``: member units, score sheets, who scores whom;
- ``ranking``: the computed scores, the ranking and its analysis.
"""

from thidua.scoring.selectors.criteria import (
    cycle_tree_rows,
    leaves,
    previous_cycle,
    table_for,
    table_total,
    tree_rows,
)
from thidua.scoring.selectors.ranking import (
    Analysis,
    CycleScores,
    DisagreementRow,
    OutlierRow,
    RankingRow,
    ScorerCell,
    ShownCell,
    ShownUnit,
    Unit,
    UnitAnalysis,
    analysis,
    cycle_scores,
    publication,
    ranking,
    ranking_corrections,
    ranking_rows,
    scorer_matrix,
    shown_units,
)
from thidua.scoring.selectors.sheets import (
    cross_sheet,
    member_ids,
    scorers_of,
    scoring_sheets,
    self_sheet,
    units_scored_by,
)

__all__ = [
    "Analysis",
    "CycleScores",
    "DisagreementRow",
    "OutlierRow",
    "RankingRow",
    "ScorerCell",
    "ShownCell",
    "ShownUnit",
    "Unit",
    "UnitAnalysis",
    "analysis",
    "cross_sheet",
    "cycle_scores",
    "cycle_tree_rows",
    "leaves",
    "member_ids",
    "previous_cycle",
    "publication",
    "ranking",
    "ranking_corrections",
    "ranking_rows",
    "scorer_matrix",
    "scorers_of",
    "scoring_sheets",
    "self_sheet",
    "shown_units",
    "table_for",
    "table_total",
    "tree_rows",
    "units_scored_by",
]
