"""deploy/ is documentation that must stay true: its configs load, its commands parse, and
the tools that read its files accept them: `systemd-analyze verify` for the units, `nginx -t`
and `caddy validate` for the proxies (.ci/run installs nginx and caddy with apt-get when it
can; without them those tests are skipped, saying so). The Containerfile is only read: no
container engine runs here, and a build would fetch the base image from the internet.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import _parser
from bot.configfile import load_config

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
UNITS = [
    "clpbot.service",
    "clpbot-telegram@.service",
    "clpbot-discord.service",
    "clpbot-web.service",
]
INSTALLED = "/opt/clpbot/.venv/bin/clpbot"
SECRETS = {
    "CLPBOT_TELEGRAM__TOKEN": "123:abc",
    "CLPBOT_TELEGRAM__WEBHOOK_SECRET": "a-long-random-secret",
    "CLPBOT_DISCORD__TOKEN": "discord-token",
}


def test_the_shared_config_loads_with_its_secrets_from_the_environment() -> None:
    config = load_config(DEPLOY / "clpbot.toml", {**SECRETS, "CLPBOT_WEB__PORT": "8444"})
    assert config.storage.url.startswith("postgresql://")
    assert (config.telegram.mode, config.web.port) == ("webhook", 8444)
    assert (config.telegram.enabled, config.discord.enabled, config.console.enabled) == (
        True,
        True,
        False,
    )


def test_each_telegram_worker_takes_the_webhook_on_its_own_port() -> None:
    """The worker's unit sets the port of the server that takes the webhook ([web] on: the
    web server), and the proxies send the webhook's path to the workers' ports."""
    [assignment] = setting("clpbot-telegram@.service", "Environment")
    name, _, value = assignment.partition("=")
    config = load_config(DEPLOY / "clpbot.toml", {**SECRETS, name: value.replace("%i", "8444")})
    assert (config.webhook_on_web, config.web.port) == (True, 8444)
    path = config.telegram.webhook_path
    nginx = (DEPLOY / "nginx-clpbot.conf").read_text(encoding="utf-8")
    assert f"location = {path} {{" in nginx
    assert re.search(r"server 127\.0\.0\.1:8443 .*\n\s*server 127\.0\.0\.1:8444 backup;", nginx)
    caddy = (DEPLOY / "Caddyfile").read_text(encoding="utf-8")
    block = rf"handle {re.escape(path)} \{{(?:(?!handle ).)*reverse_proxy 127\.0\.0\.1:8443 "
    assert re.search(block, caddy, flags=re.DOTALL)


def tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin")
    if found is None:
        pytest.skip(f"{name} is not installed (.ci/run installs it with apt-get where it can)")
    return found


def setting(unit: str, key: str) -> list[str]:
    text = (DEPLOY / unit).read_text(encoding="utf-8")
    return re.findall(rf"^{key}=(.*)$", text, flags=re.MULTILINE)


@pytest.mark.parametrize("unit", UNITS)
def test_systemd_accepts_each_unit(unit: str, tmp_path: Path) -> None:
    """verify checks every key and that ExecStart's program exists: the installed path is
    swapped for this environment's clpbot, the same program."""
    here = str(Path(sys.executable).with_name("clpbot"))
    text = (DEPLOY / unit).read_text(encoding="utf-8").replace(INSTALLED, here)
    copy = tmp_path / unit.replace("@.", "@8443.")
    copy.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [tool("systemd-analyze"), "verify", str(copy)], capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stderr) == (0, "")


@pytest.mark.parametrize("unit", UNITS)
def test_a_configuration_mistake_is_not_restarted_in_a_loop(unit: str) -> None:
    assert setting(unit, "Restart") == ["always"]
    assert setting(unit, "RestartPreventExitStatus") == ["2"]  # bot.cli.EXIT_CONFIG


def test_the_single_process_unit_may_write_its_sqlite_database() -> None:
    config = load_config(DEPLOY / "clpbot-sqlite.toml", {}, connects=())
    [state] = setting("clpbot.service", "StateDirectory")
    assert setting("clpbot.service", "ProtectSystem") == ["strict"]
    database = Path(config.storage.url.removeprefix("sqlite:///"))
    assert database.parent == Path("/var/lib") / state
    assert setting("clpbot.service", "WorkingDirectory") == [f"/var/lib/{state}"]
    [command] = setting("clpbot.service", "ExecStart")
    program, *argv = shlex.split(command)
    args = _parser().parse_args(argv)
    assert (program, args.command, str(args.config), args.only) == (
        INSTALLED,
        "run",
        "/etc/clpbot/clpbot.toml",
        None,
    )


def test_nginx_accepts_its_file(tmp_path: Path) -> None:
    nginx, openssl = tool("nginx"), tool("openssl")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=bot.example.org", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    site = (DEPLOY / "nginx-clpbot.conf").read_text(encoding="utf-8")
    site = site.replace("/etc/letsencrypt/live/bot.example.org/fullchain.pem", str(cert))
    site = site.replace("/etc/letsencrypt/live/bot.example.org/privkey.pem", str(key))
    (tmp_path / "site.conf").write_text(site, encoding="utf-8")
    main = f"pid {tmp_path}/nginx.pid;\nevents {{}}\nhttp {{ include {tmp_path}/site.conf; }}\n"
    (tmp_path / "nginx.conf").write_text(main, encoding="utf-8")
    done = subprocess.run(
        [nginx, "-t", "-q", "-e", "stderr", "-p", str(tmp_path),
         "-c", str(tmp_path / "nginx.conf")],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    assert re.search(r"^\s*client_max_body_size 1m;$", site, flags=re.MULTILINE)


def test_caddy_accepts_its_file() -> None:
    caddyfile = DEPLOY / "Caddyfile"
    done = subprocess.run(
        [tool("caddy"), "validate", "--config", str(caddyfile), "--adapter", "caddyfile"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Valid configuration" in done.stdout + done.stderr
    text = caddyfile.read_text(encoding="utf-8")
    assert re.search(r"request_body \{\s+max_size 1MB\s+\}", text)


@pytest.mark.parametrize(
    "unit", ["clpbot-telegram@.service", "clpbot-discord.service", "clpbot-web.service"]
)
def test_each_unit_runs_one_platform_with_the_shared_config(unit: str) -> None:
    text = (DEPLOY / unit).read_text(encoding="utf-8")
    [command] = re.findall(r"^ExecStart=(.+)$", text, flags=re.MULTILINE)
    program, *argv = shlex.split(command)
    args = _parser().parse_args(argv)
    assert program.endswith("/clpbot")
    assert (args.command, str(args.config)) == ("run", "/etc/clpbot/clpbot.toml")
    platform = unit.removeprefix("clpbot-").partition(".")[0].partition("@")[0]
    assert args.only == [platform]
    assert re.search(r"^KillSignal=SIGTERM$", text, flags=re.MULTILINE)


def test_the_container_starts_the_bot_with_the_shared_config() -> None:
    text = (DEPLOY / "Containerfile").read_text(encoding="utf-8")
    [entry] = re.findall(r"^ENTRYPOINT (.+)$", text, flags=re.MULTILINE)
    [cmd] = re.findall(r"^CMD (.+)$", text, flags=re.MULTILINE)
    assert json.loads(entry) == ["clpbot"]
    args = _parser().parse_args(json.loads(cmd))
    assert (args.command, str(args.config), args.only) == ("run", "/etc/clpbot/clpbot.toml", None)


def test_only_a_platform_that_is_not_enabled_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from bot.cli import EXIT_CONFIG, main

    assert main(["run", "--only", "discord"]) == EXIT_CONFIG
    assert capsys.readouterr().err == "clpbot: --only discord: enable [discord] in the config\n"
