"""Read the TOML configuration, overlay secrets from the environment, validate.

Any problem becomes a `ConfigError` carrying one line per mistake, each naming the key and
what to write instead, which the CLI prints before exiting with status 2.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from bot.config import Config, StorageConfig

ENV_PREFIX = "CLPBOT_"
DEFAULT_CONFIG = Path("clpbot.toml")
"""The config `clpbot` reads from the working directory when no `--config` is given."""


class ConfigError(Exception):
    """Configuration problems, one line each naming the key."""


def default_config_path(given: Path | None) -> Path | None:
    """`--config` if given, else ./clpbot.toml if there is one, else none (the defaults)."""
    if given is not None:
        return given
    return DEFAULT_CONFIG if DEFAULT_CONFIG.is_file() else None


def load_config(
    path: Path | None,
    environ: Mapping[str, str] | None = None,
    *,
    connects: Collection[str] | None = None,
) -> Config:
    """The validated config. `connects` names the platforms this command talks to: only
    their secrets are required (none for `db upgrade`); None means every enabled one."""
    data: dict[str, Any] = {}
    if path is not None:
        data = _read_toml(path)
    _overlay_environment(data, os.environ if environ is None else environ)
    context = None if connects is None else {"connects": frozenset(connects)}
    try:
        return Config.model_validate(data, context=context)
    except ValidationError as error:
        raise ConfigError("\n".join(_one_line(problem) for problem in error.errors())) from None


def database_url_problem(url: str) -> str | None:
    """What is wrong with a database URL given on the command line (`db copy --to`), if
    anything: the same check as `[storage] url`."""
    try:
        StorageConfig(url=url)
    except ValidationError as error:
        return str(error.errors()[0]["msg"]).removeprefix("Value error, ")
    return None


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


WRITE_INSTEAD = {
    "int_type": "write a whole number",
    "int_parsing": "write a whole number",
    "int_from_float": "write a whole number",
    "float_type": "write a number",
    "float_parsing": "write a number",
    "bool_type": "write true or false",
    "bool_parsing": "write true or false",
    "string_type": "write text in quotes",
    "tuple_type": "write a list in brackets, for example [1, 2]",
    "list_type": "write a list in brackets, for example [1, 2]",
    "model_type": "write a table: a [section] heading with its keys, or { key = value }",
    "dict_type": "write a table: a [section] heading with its keys, or { key = value }",
}


def _one_line(problem: ErrorDetails) -> str:
    key = ".".join(str(part) for part in problem["loc"])
    kind = problem["type"]
    message = problem["msg"].removeprefix("Value error, ")
    if kind == "extra_forbidden":
        message = f"unknown key ({_did_you_mean(problem['loc'])})"
    elif kind == "missing":
        message = "required"
    elif kind in WRITE_INSTEAD:
        message = f"{WRITE_INSTEAD[kind]}, not {_shown(problem.get('input'))}"
    elif kind != "value_error":
        message = f"{message.replace('Input should be', 'should be')}, not {problem.get('input')!r}"
    nested = re.match(r"^([\w.]+): (.*)$", message)
    if kind == "value_error" and nested:  # a model's check naming its key (or a whole config's)
        key, message = f"{key}.{nested.group(1)}".lstrip("."), nested.group(2)
    return f"config error: {key}: {message}"


def _shown(value: object) -> str:
    return "a table" if isinstance(value, dict) else repr(value)


def _did_you_mean(loc: tuple[int | str, ...]) -> str:
    """The closest key the section has, or where the keys are listed."""
    model: type[BaseModel] | None = Config
    for part in loc[:-1]:
        field = model.model_fields.get(str(part)) if model is not None else None
        annotation = field.annotation if field is not None else None
        model = (
            annotation
            if isinstance(annotation, type) and issubclass(annotation, BaseModel)
            else None
        )
    known = list(model.model_fields) if model is not None else []
    close = difflib.get_close_matches(str(loc[-1]), known, n=1)
    if close:
        return f"did you mean {close[0]}? see config.example.toml for the keys there are"
    return "see config.example.toml for the keys there are"
