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

# Sessions stay in the database, as in production (bench/RESULTS.md, change 9, says why the
# cached sessions measured in the second run were not adopted).

# The small and the large data sets share one Redis database and, being generated from the
# same random stream, the probe pairs' ids: without a prefix per database, a room revision
# cached for one data set would answer the room poll of the other.
CACHES["default"]["KEY_PREFIX"] = DATABASES["default"]["NAME"]  # noqa: F405
