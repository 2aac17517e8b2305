"""Settings for benchmark runs: the production settings plus the bench URLconf.

The bare baseline view lives only in `bench.urls`, so the app's own URLconf (and production)
never has it.
"""

from menteo.ratelimit import Limit
from menteo.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# The load benchmark posts hundreds of messages a second as one person: past the 60 a minute
# of the rate limit, the answer would be the form's error, not a stored message.
MENTEO_RATE_LIMITS = {"room_message": Limit(count=10**9, window=60, what="messages")}

# Measured in bench/RESULTS.md and proposed for production (menteo/settings.py), not yet
# adopted there: sessions read from the cache (Redis) and written through to the database,
# one query less on every logged-in request. Adopting it lowers every query count asserted
# in the tests by one (the session read), so it is the lead's change to make.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# The small and the large data sets share one Redis database and, being generated from the
# same random stream, the probe pairs' ids: without a prefix per database, a room revision
# cached for one data set would answer the room poll of the other.
CACHES["default"]["KEY_PREFIX"] = DATABASES["default"]["NAME"]  # noqa: F405
