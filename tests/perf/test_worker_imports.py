"""A web worker imports what requests need, not what only the CLI, jobs or demo need.

gunicorn loads `run:app`; the check runs that in a fresh interpreter with production
settings (as the benchmark serves it) and reads `sys.modules` afterwards."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Only the command line, the scheduled jobs or the demo data use these.
NOT_IN_A_WORKER = (
    "alembic",
    "flask_migrate",
    "mako",
    "apscheduler",
    "servicedesk.cli.",  # the registry itself (servicedesk.cli) is loaded, its groups not
    "servicedesk.jobs.scheduler",
    "servicedesk.demo",
    "servicedesk.infra.migrations",
)
PROBE = "import json, sys; import run; print(json.dumps(sorted(sys.modules)))"
# A deadline needs Sweden's holidays (and the shortened days), not the ~250 other countries
DEADLINE_PROBE = (
    "import json, sys; import run; from servicedesk.domain.sla.calendar import "
    "bank_half_days, swedish_holidays; assert swedish_holidays(2026) and bank_half_days(2026);"
    " print(json.dumps(sorted(sys.modules)))"
)


def _worker_modules(tmp_path, probe: str = PROBE) -> list[str]:
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT),
        SERVICEDESK_ENV="production",
        SERVICEDESK_INSECURE_HTTP="1",
        SESSION_COOKIE_SECURE="0",
        SECRET_KEY=secrets.token_hex(32),
        DATABASE_URL=f"sqlite:///{tmp_path / 'worker.db'}",
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_worker_app_does_not_import_cli_jobs_or_demo_modules(tmp_path):
    modules = _worker_modules(tmp_path)
    assert "servicedesk.web.tickets.portal" in modules  # the probe did build the app
    unneeded = [m for m in modules if m == "alembic" or m.startswith(NOT_IN_A_WORKER)]
    assert unneeded == []


def test_a_deadline_loads_swedens_holidays_alone(tmp_path):
    modules = _worker_modules(tmp_path, DEADLINE_PROBE)
    countries = [m for m in modules if m.startswith("holidays.countries")]
    assert countries == ["holidays.countries.sweden"]


def test_the_command_line_still_finds_every_group(app):
    from servicedesk.cli import COMMAND_GROUPS

    runner = app.test_cli_runner()
    listed = runner.invoke(args=["--help"])
    assert listed.exit_code == 0
    for name in (*COMMAND_GROUPS, "db"):
        assert f"  {name} " in listed.output
    users = runner.invoke(args=["users", "--help"])
    assert users.exit_code == 0 and "set-password" in users.output
    migrations = runner.invoke(args=["db", "--help"])
    assert migrations.exit_code == 0 and "upgrade" in migrations.output
    assert "migrate" in app.extensions  # wired when the group was first used
