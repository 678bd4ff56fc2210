"""Hypothesis settings for the hostile-input tests, sized for CI on two cores.

`ci` (the default here) gives each property up to 1,500 examples, so the package pushes
thousands of generated inputs through the bot; `HYPOTHESIS_PROFILE=deep` runs ten times as
many. Examples share one app per module, so the function-scoped health check is off.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_COMMON = {
    "deadline": None,
    "suppress_health_check": (
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ),
    "derandomize": False,
    "print_blob": True,
}
settings.register_profile("ci", max_examples=1500, **_COMMON)  # type: ignore[arg-type]
settings.register_profile("deep", max_examples=15000, **_COMMON)  # type: ignore[arg-type]
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
