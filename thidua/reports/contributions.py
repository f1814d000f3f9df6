"""What reports contributes to the hubs of other apps (see thidua/core/contributions.py)."""

from thidua.jobs.kinds import job_kinds
from thidua.reports import jobs

job_kinds.add(jobs.build_archive, key=jobs.KIND)
