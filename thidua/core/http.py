from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """The request type views receive: django-htmx adds `request.htmx`."""

    htmx: HtmxDetails
