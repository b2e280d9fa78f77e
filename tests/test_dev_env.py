"""Issue 13 item 7: `make run` writes a git-ignored development `.env` that settings read, so manage.py works in the
checkout without typing DEBUG=1; the real environment wins, and production still refuses without real keys."""

import importlib.util
import os
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = importlib.util.spec_from_file_location("dev_env", ROOT / "scripts" / "dev_env.py")
dev_env = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(dev_env)

PRINT = ("import django; django.setup(); from django.conf import settings; "
         "print(settings.DEBUG, settings.SECRET_KEY, settings.FIELD_ENCRYPTION_KEY, sep='|')")


def _env(**overrides):
    env = {key: value for key, value in os.environ.items()
           if key not in {"DEBUG", "SECRET_KEY", "FIELD_ENCRYPTION_KEY", "ALLOWED_HOSTS", "ENV_FILE",
                          "DJANGO_SETTINGS_MODULE"}}
    env["DJANGO_SETTINGS_MODULE"] = "enforcement.settings"
    env.update(overrides)
    return env


def _settings(env):
    return subprocess.run([sys.executable, "-c", PRINT], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def _values(path):
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if line and not line.startswith("#"))


def test_dev_env_turns_debug_on_with_generated_keys_readable_by_the_owner_only(tmp_path):
    path = tmp_path / ".env"
    assert dev_env.write_dev_env(path) is True
    values = _values(path)
    assert values["DEBUG"] == "1"
    assert len(values["SECRET_KEY"]) >= 50
    assert len(values["FIELD_ENCRYPTION_KEY"]) == 44  # urlsafe base64 of 32 bytes (a Fernet key)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    other = tmp_path / "other.env"
    dev_env.write_dev_env(other)
    assert _values(other)["SECRET_KEY"] != values["SECRET_KEY"]  # generated, not a fixed development key


def test_dev_env_leaves_an_existing_file_alone(tmp_path):
    path = tmp_path / ".env"
    path.write_text("DEBUG=0\n")
    assert dev_env.write_dev_env(path) is False
    assert path.read_text() == "DEBUG=0\n"


def test_settings_read_the_dev_env_so_manage_py_needs_no_debug_variable(tmp_path):
    path = tmp_path / ".env"
    dev_env.write_dev_env(path)
    result = _settings(_env(ENV_FILE=str(path)))
    assert result.returncode == 0, result.stderr
    debug, secret, field_key = result.stdout.strip().split("|")
    values = _values(path)
    assert (debug, secret, field_key) == ("True", values["SECRET_KEY"], values["FIELD_ENCRYPTION_KEY"])


def test_the_environment_wins_over_the_dev_env(tmp_path):
    path = tmp_path / ".env"
    dev_env.write_dev_env(path)
    result = _settings(_env(ENV_FILE=str(path), SECRET_KEY="from-the-environment"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().split("|")[1] == "from-the-environment"


def test_without_a_dev_env_production_still_refuses_to_start_without_keys(tmp_path):
    result = _settings(_env(ENV_FILE=str(tmp_path / "missing.env")))
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_env_file_none_reads_no_file(tmp_path):
    result = _settings(_env(ENV_FILE="none"))
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_the_dev_env_is_git_ignored_and_kept_out_of_the_image():
    assert ".env" in (ROOT / ".gitignore").read_text().splitlines()
    assert ".env" in (ROOT / ".dockerignore").read_text().splitlines()
