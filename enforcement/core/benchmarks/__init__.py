"""Benchmarks run by `manage.py benchmark`. Each app adds one module to this package that registers a
function with `@benchmark("name")`; the function builds what it needs, measures, and returns a list of
`Measure`. The command runs every benchmark inside a transaction that is rolled back afterwards, so the
database is left as it was.

    from enforcement.core.benchmarks import Measure, benchmark

    @benchmark("cases", "Case list and filing")
    def run(ctx):
        ...
        return [Measure("file 1,000 cases", f"{seconds:.1f} s", target="≤ 20 s", passed=seconds <= 20)]

`ctx.stdout` is the command's output stream (for progress lines); `ctx.staff_user()` gives a throwaway
bureau-staff user; `ctx.client(user)` a logged-in test client (past the second factor); `ctx.percentile(values,
p)` is nearest-rank.
"""

import importlib
import math
import pkgutil
import time
from contextlib import contextmanager
from dataclasses import dataclass

REGISTRY = {}


def pass_second_factor(user, session):
    """Mark a benchmark's session as having passed the second factor (SECURITY §5), as a finished login
    leaves it: a confirmed TOTP device and the session verified with it. For the benchmarks' own throwaway
    users only; nothing outside them calls it."""
    from django.conf import settings
    from django.utils import timezone

    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from enforcement.accounts import otp

    if not otp.required(user) and user.role not in settings.OTP_REQUIRED_ROLES:
        return
    device = otp.totp_device(user) or TOTPDevice.objects.create(user=user, name=otp.TOTP_NAME, confirmed=True)
    if user.otp_confirmed_at is None:
        user.otp_confirmed_at = timezone.now()
        type(user).objects.filter(pk=user.pk).update(otp_confirmed_at=user.otp_confirmed_at)
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[otp.STAMP_SESSION_KEY] = otp.stamp(user)


@dataclass
class Measure:
    name: str
    value: str
    target: str = ""
    passed: bool | None = None  # None: informative only

    @property
    def verdict(self):
        if self.passed is None:
            return ""
        return "PASS" if self.passed else "FAIL"


@dataclass
class Benchmark:
    name: str
    description: str
    run: object
    prepare: object = None


def benchmark(name, description="", prepare=None):
    """Register `function(ctx) -> [Measure]`. `prepare(ctx)`, if given, runs first and outside the
    rolled-back transaction: maintenance only (e.g. VACUUM ANALYZE of the tables the benchmark fills,
    so that dead rows of earlier runs do not distort the numbers); it must not change data."""

    def register(function):
        REGISTRY[name] = Benchmark(name=name, description=description or (function.__doc__ or "").strip(),
                                   run=function, prepare=prepare)
        return function

    return register


def vacuum_analyze(*tables):
    """A `prepare` helper: VACUUM ANALYZE the given tables on PostgreSQL (autocommit, outside a transaction)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'VACUUM ANALYZE "{table}"')


def discover():
    """Import every module of this package so that its benchmarks register themselves."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return REGISTRY


class Context:
    def __init__(self, stdout):
        self.stdout = stdout
        self._users = {}

    def say(self, message):
        self.stdout.write(f"  … {message}")

    def staff_user(self):
        from enforcement.accounts.models import Role, User

        if "staff" not in self._users:
            self._users["staff"] = User.objects.create(username="benchmark_staff", role=Role.STAFF)
        return self._users["staff"]

    def client(self, user):
        """A test client signed in as `user`, past the second factor where the role needs one (the API and the
        pages refuse a staff session without it)."""
        from django.test import Client

        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        session = client.session
        pass_second_factor(user, session)
        session.save()
        return client

    @staticmethod
    def percentile(values, p):
        ordered = sorted(values)
        if not ordered:
            return 0.0
        rank = max(1, math.ceil(p / 100 * len(ordered)))
        return ordered[rank - 1]

    @contextmanager
    def timer(self):
        box = {}
        start = time.perf_counter()
        try:
            yield box
        finally:
            box["seconds"] = time.perf_counter() - start
