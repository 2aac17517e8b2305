"""The app's URLs plus `/bench/baseline/`: a view that does nothing, the framework's limit."""

from django.http import HttpResponse
from django.urls import path

from menteo.urls import urlpatterns as app_urlpatterns


def baseline(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/baseline/", baseline, name="bench_baseline"), *app_urlpatterns]
