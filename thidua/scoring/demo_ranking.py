"""Demo: the head unit publishes the 2024 ranking (called by demo.py in "results_published").

The scores behind it are the invented demo scores written by demo.py through the scoring
services; this step only publishes them through ``ranking_services`` like the head would.
"""

from __future__ import annotations

from typing import Any

from thidua.demo import data
from thidua.scoring import ranking_services
from thidua.scoring.models import PublishedRanking


def publish(context: Any) -> PublishedRanking:
    head_rep = context.users[data.representative_username(data.HEAD_2024)]
    return ranking_services.publish_ranking(actor=head_rep, cycle=context.cycle)
