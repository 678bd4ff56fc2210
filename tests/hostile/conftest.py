"""Hypothesis settings for the hostile-input tests, sized for CI on two cores.

`ci` (the default here) gives each property up to 1,500 examples drawn from a fixed seed
(`derandomize`): the same thousands of generated inputs every run, so a red CI run is a
real regression that reproduces, never a roll of the dice. `HYPOTHESIS_PROFILE=deep` runs
ten times as many, freshly random each time: that is the profile for hunting new bugs
(`make fuzz`); whatever it finds becomes a fixed example in the tests. Examples share one
app per module, so the function-scoped health check is off.
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
    "print_blob": True,
}
settings.register_profile(
    "ci",
    max_examples=1500,
    derandomize=True,
    database=None,
    **_COMMON,  # type: ignore[arg-type]
)
settings.register_profile("deep", max_examples=15000, derandomize=False, **_COMMON)  # type: ignore[arg-type]
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
