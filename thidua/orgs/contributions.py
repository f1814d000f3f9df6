"""What orgs contributes to the hubs of other apps (see thidua/core/contributions.py)."""

from thidua.jobs.kinds import job_kinds
from thidua.orgs import import_jobs

job_kinds.add(import_jobs.apply_in_background, key=import_jobs.KIND)
