"""Settings for benchmark runs: the production settings plus the bench URLconf.

The bare baseline view lives only in `bench.urls`, so the app's own URLconf (and production)
never has it.
"""

from menteo.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
