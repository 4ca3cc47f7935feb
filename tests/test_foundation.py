"""The project's own tooling: setup's error messages and the deployment file."""

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def run(cmd, env=None, cwd=ROOT, timeout=120):
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(
        cmd, cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
    )


def assert_clear_stop(result, *phrases):
    out = result.stdout + result.stderr
    assert result.returncode != 0, out
    assert "Traceback" not in out, out
    for phrase in phrases:
        assert phrase in out, out


def test_setup_stops_clearly_without_odoo_source(tmp_path):
    result = run(["bash", "scripts/setup.sh"], env={"ODOO_SRC": str(tmp_path / "no-odoo-here")})
    assert_clear_stop(result, "holds no Odoo source tree", "ODOO_SRC")


def test_setup_stops_clearly_when_clone_impossible(tmp_path):
    # No ODOO_SRC, an empty cache and a repository that cannot be cloned.
    result = run(
        ["bash", "scripts/setup.sh"],
        env={"ODOO_SRC": "", "COOP_CACHE": str(tmp_path / "cache"), "ODOO_REPO_URL": str(tmp_path / "nowhere.git")},
    )
    assert_clear_stop(result, "could not be cloned", "ODOO_SRC=")
    assert not (tmp_path / "cache" / "odoo-18.0").exists()


def test_setup_stops_clearly_on_wrong_python(tmp_path):
    fake = tmp_path / "python3.9"
    fake.write_text('#!/bin/sh\nexec python3 -c "import sys; print(\'3.9.18\') if \'platform\' in sys.argv[-1] else sys.exit(1)" "$@"\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    result = run(["bash", "scripts/setup.sh"], env={"PYTHON": str(fake)})
    assert_clear_stop(result, "3.9.18", "3.10, 3.11 or 3.12")


def test_unreachable_postgres_stops_clearly():
    script = 'source scripts/common.sh; ensure_postgres'
    result = run(["bash", "-c", script], env={"PGHOST": "127.0.0.1", "PGPORT": "1"}, timeout=60)
    assert_clear_stop(result, "PostgreSQL does not answer on 127.0.0.1:1", "PGHOST/PGPORT")


def test_odoo_connects_with_its_own_role():
    conf = (ROOT / ".local" / "odoo.conf").read_text()
    assert "db_user = postgres" not in conf
    assert "db_user = " in conf


def compose_dir(tmp_path):
    shutil.copy(ROOT / "docker-compose.yml", tmp_path / "docker-compose.yml")
    (tmp_path / "config").mkdir()
    shutil.copy(ROOT / "config" / "bridge.env.example", tmp_path / "config" / "bridge.env")
    shutil.copy(ROOT / "config" / "odoo.conf.example", tmp_path / "config" / "odoo.conf")
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")
    return tmp_path


def compose_cmd():
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    probe = run(["docker", "compose", "version"]) if shutil.which("docker") else None
    if probe is not None and probe.returncode == 0:
        return ["docker", "compose"]
    pytest.fail("neither docker-compose nor the docker compose plugin is installed (apt-get install docker-compose)")


def test_compose_file_is_valid(tmp_path):
    d = compose_dir(tmp_path)
    result = run([*compose_cmd(), "config", "-q"], cwd=d)
    assert result.returncode == 0, result.stderr


def test_compose_refuses_to_start_without_secrets(tmp_path):
    d = compose_dir(tmp_path)
    (d / ".env").unlink()
    result = run([*compose_cmd(), "config", "-q"], cwd=d, env={"POSTGRES_PASSWORD": ""})
    assert result.returncode != 0
    assert "POSTGRES_PASSWORD" in result.stderr


def test_compose_services_have_healthchecks_and_restart_policies(tmp_path):
    d = compose_dir(tmp_path)
    result = run([*compose_cmd(), "config"], cwd=d)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    config = yaml.safe_load(text)
    assert set(config["services"]) == {"db", "odoo", "telegram-bridge", "telegram-outbox"}
    for name, service in config["services"].items():
        assert service.get("restart") == "unless-stopped", name
        assert service.get("healthcheck", {}).get("test"), name
    assert config["services"]["db"]["image"] == "postgres:16"
    raw = (ROOT / "docker-compose.yml").read_text()
    # No secret is written in the file itself: only references to the environment.
    for line in raw.splitlines():
        if "PASSWORD" in line and ":" in line:
            assert "${" in line, line
