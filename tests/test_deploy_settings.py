"""Production configuration (SECURITY §15): `check --deploy` is clean with DEBUG off, secrets are required,
and production hashes passwords with Argon2. Each check runs manage.py in a subprocess with its own env."""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def production_env(**overrides):
    # The test process's own switches (DEBUG, DJANGO_ALLOW_ASYNC_UNSAFE for Playwright) are not production's.
    env = {key: value for key, value in os.environ.items()
           if key not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "SECRET_KEY", "FIELD_ENCRYPTION_KEY", "ALLOWED_HOSTS",
                          "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update({
        "ENV_FILE": "none",  # a developer's local .env (make run) must not turn production into development
        "DJANGO_SETTINGS_MODULE": "enforcement.settings",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "FIELD_ENCRYPTION_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "ALLOWED_HOSTS": "zhifa.example.gov.cn",
    })
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def run(args, env):
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_with_debug_off(tmp_path):
    # The configuration, not the data of whatever database the developer points at: an empty database (the
    # holiday calendar's data check, workcalendar.W001, is tested in enforcement/workcalendar/tests).
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                 production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_with_debug_on():
    # --tag security: only Django's deployment checks (skips the slow OpenAPI generation check).
    result = run(["manage.py", "check", "--deploy", "--tag", "security", "--fail-level", "WARNING"],
                 production_env(DEBUG="1"))
    assert result.returncode != 0
    assert "security.W018" in result.stdout + result.stderr


def test_missing_secret_key_refuses_to_start_without_debug():
    result = run(["manage.py", "check"], production_env(SECRET_KEY=None))
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_missing_field_encryption_key_refuses_to_start_without_debug():
    result = run(["manage.py", "check"], production_env(FIELD_ENCRYPTION_KEY=None))
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEY must be set" in result.stderr


PRINT_SETTINGS = """
import django
django.setup()
from django.conf import settings
print(settings.PASSWORD_HASHERS[0])
print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS >= 31536000)
print(settings.SESSION_COOKIE_AGE, settings.SESSION_REFRESH_SECONDS, settings.AXES_FAILURE_LIMIT)
print(settings.CELERY_TASK_ALWAYS_EAGER)
"""


def test_production_uses_argon2_secure_cookies_hsts_and_30_minute_idle_timeout():
    result = run(["-c", PRINT_SETTINGS], production_env(REDIS_URL="redis://127.0.0.1:6379/9"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split("\n")
    assert lines[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert lines[1] == "True True True"
    assert lines[2] == "1800 60 5"
    assert lines[3] == "False"  # with REDIS_URL, tasks go to the worker


def test_without_redis_celery_runs_tasks_in_process():
    result = run(["-c", PRINT_SETTINGS], production_env(DEBUG="1", REDIS_URL=None, CELERY_BROKER_URL=None))
    assert result.stdout.split("\n")[3] == "True"


def test_empty_variables_from_a_copied_env_example_fall_back_to_the_defaults():
    env = production_env(DEBUG="1", REDIS_URL="", CELERY_BROKER_URL="", CELERY_RESULT_BACKEND="",
                         CONTENT_SECURITY_POLICY="", DATABASE_URL="", AXES_FAILURE_LIMIT="")
    code = PRINT_SETTINGS + (
        "print(settings.CELERY_BROKER_URL, settings.DATABASES['default']['ENGINE'])\n"
        "print('frame-ancestors' in settings.CONTENT_SECURITY_POLICY)\n"
    )
    result = run(["-c", code], env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split("\n")
    assert lines[2].endswith(" 5")
    assert lines[4] == "memory:// django.db.backends.sqlite3"
    assert lines[5] == "True"

