"""`manage.py check --deploy` reports what settings.py refuses at start-up (the rules of
menteo/deployment.py), for the values in force after every settings module has had its say."""

from django.conf import settings
from django.core.checks import Error, Tags, register

from menteo.deployment import secret_key_problem, site_url_problem


@register(Tags.security, deploy=True)
def check_deployment_values(app_configs, **kwargs) -> list[Error]:
    problems = [
        site_url_problem(settings.SITE_URL, allow_http=settings.ALLOW_HTTP_SITE_URL),
        secret_key_problem(settings.SECRET_KEY),
    ]
    return [Error(problem.message, id=problem.check_id) for problem in problems if problem]
