"""Read the TOML configuration, overlay secrets from the environment, validate.

Any problem becomes a `ConfigError` carrying one line that names the key, which the CLI
prints before exiting with status 2.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.config import Config

ENV_PREFIX = "CLPBOT_"


class ConfigError(Exception):
    """A configuration problem, as one line naming the key."""


def load_config(path: Path | None, environ: Mapping[str, str] | None = None) -> Config:
    data: dict[str, Any] = {}
    if path is not None:
        data = _read_toml(path)
    _overlay_environment(data, os.environ if environ is None else environ)
    try:
        return Config.model_validate(data)
    except ValidationError as error:
        raise ConfigError(_one_line(error)) from None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from None


def _overlay_environment(data: dict[str, Any], environ: Mapping[str, str]) -> None:
    """`CLPBOT_TELEGRAM__TOKEN=x` sets `[telegram] token = "x"` (for secrets)."""
    for name, value in environ.items():
        if not name.startswith(ENV_PREFIX) or "__" not in name:
            continue
        section, _, key = name[len(ENV_PREFIX) :].lower().partition("__")
        target = data.setdefault(section, {})
        if isinstance(target, dict):
            target[key] = value


def _one_line(error: ValidationError) -> str:
    first = error.errors()[0]
    key = ".".join(str(part) for part in first["loc"])
    kind = first["type"]
    message = first["msg"].removeprefix("Value error, ")
    if kind == "extra_forbidden":
        message = "unknown key (see config.example.toml for the keys there are)"
    elif kind == "missing":
        message = "required"
    elif kind == "literal_error":
        message = f"{message}, not {first.get('input')!r}"
    nested = re.match(r"^(\w+): (.*)$", message)
    if kind == "value_error" and nested:
        key, message = f"{key}.{nested.group(1)}", nested.group(2)
    more = len(error.errors()) - 1
    suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return f"config error: {key}: {message}{suffix}"
