from django.urls import include, path

from thidua.api.v1 import api as api_v1

urlpatterns = [
    path("", include("thidua.board.urls")),
    path("", include("thidua.core.urls")),
    path("accounts/", include("thidua.accounts.urls")),
    path("registry/", include("thidua.orgs.urls")),
    path("cycles/", include("thidua.cycles.urls")),
    path("legal/", include("thidua.legal.urls")),
    path("cycles/", include("thidua.reports.urls")),
    path("notifications/", include("thidua.notifications.urls")),
    path("meetings/", include("thidua.meetings.urls")),
    path("drafting/", include("thidua.drafting.urls")),
    path("signing/", include("thidua.signing.urls")),
    path("verify/", include("thidua.signing.public_urls")),
    path("scoring/", include("thidua.scoring.urls")),
    path("voting/", include("thidua.voting.urls")),
    path("awards/", include("thidua.awards.urls")),
    path("activities/", include("thidua.activities.urls")),
    path("news/", include("thidua.news.urls")),
    path("feed.xml", include("thidua.news.feed_urls")),
    path("jobs/", include("thidua.jobs.urls")),
    path("api/", include("thidua.api.urls")),
    path("api/v1/", api_v1.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler403 = "thidua.core.views.error_403"
handler404 = "thidua.core.views.error_404"
handler500 = "thidua.core.views.error_500"
