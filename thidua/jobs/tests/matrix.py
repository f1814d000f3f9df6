from thidua.jobs.tests.builders import make_job
from thidua.tests.access_matrix import EVERYONE, Route

# A job is its owner's alone: here the Board officer's.
OWNER = frozenset({"board"})


def _job(cast):
    return {"pk": make_job(cast.board).pk}


ROUTES = [
    Route("jobs:job_list", allowed=EVERYONE),
    Route("jobs:job_detail", kwargs=_job, allowed=OWNER),
    Route("jobs:job_result", kwargs=_job, allowed=OWNER),
]
