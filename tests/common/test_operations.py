"""Production operations: readiness, JSON logs, the proxy switch, the locked migration command,
the WSGI entry point (the whole installation is walked by deploy/smoke.py in .ci/run)."""

from __future__ import annotations

import importlib
import json
import logging
import os
import re
import sys
from pathlib import Path

import pytest

from app import create_app
from app.common.logs import JsonFormatter, configure_logging
from app.extensions import db
from config import TestingConfig


def test_readyz_reports_the_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json == {"status": "ready", "checks": {"database": "ok"}}
    assert response.headers["Cache-Control"] == "no-store"


class TestUnreachableRedis:
    @pytest.fixture
    def app_overrides(self):
        # Port 1 never answers: readiness must say so, without the error text.
        return {"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1/0", "READYZ_TIMEOUT_SECONDS": 0.5}

    def test_readyz_is_503_naming_the_check(self, client):
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json["status"] == "not ready"
        assert response.json["checks"] == {"database": "ok", "redis_rate_limits": "unavailable"}
        assert "127.0.0.1" not in response.get_data(as_text=True)


@pytest.mark.skipif(not os.environ.get("TEST_REDIS_URL"), reason="set TEST_REDIS_URL")
class TestReachableRedis:
    @pytest.fixture
    def app_overrides(self):
        return {"CACHE_REDIS_URL": os.environ["TEST_REDIS_URL"]}

    def test_readyz_pings_redis(self, client):
        response = client.get("/readyz")
        assert response.status_code == 200
        assert response.json["checks"] == {"database": "ok", "redis_cache": "ok"}


def test_healthz_needs_nothing(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok"


def _record(name: str, message: str, args=None, exc_info=None) -> logging.LogRecord:
    return logging.LogRecord(name, logging.INFO, __file__, 1, message, args, exc_info)


def test_json_formatter_writes_one_object_per_record():
    line = JsonFormatter().format(_record("app", "vote %s counted", (7,)))
    entry = json.loads(line)
    assert entry["message"] == "vote 7 counted"
    assert entry["level"] == "INFO"
    assert entry["logger"] == "app"
    assert entry["time"].endswith("+00:00")
    assert "\n" not in line


def test_json_formatter_keeps_exceptions_on_one_line():
    try:
        raise ValueError("broken")
    except ValueError:
        record = _record("app", "failed", exc_info=sys.exc_info())
    line = JsonFormatter().format(record)
    assert "\n" not in line
    assert "ValueError: broken" in json.loads(line)["exception"]


def test_json_formatter_names_gunicorn_access_fields():
    atoms = {"h": "10.0.0.1", "m": "GET", "U": "/votes", "q": "", "s": "200", "B": 512, "M": 3}
    record = _record("gunicorn.access", "%(h)s %(m)s", atoms)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "request"
    assert entry["remote_addr"] == "10.0.0.1"
    assert entry["path"] == "/votes"
    assert entry["status"] == "200"
    assert "query" not in entry  # empty atoms are left out


def test_json_formatter_adds_the_request_path(app):
    with app.test_request_context("/votes/3/results", method="GET"):
        entry = json.loads(JsonFormatter().format(_record("app", "hello")))
    assert entry["http_path"] == "/votes/3/results"
    assert entry["http_method"] == "GET"


def test_configure_logging_json_once_and_text_untouched():
    root = logging.getLogger()
    before = list(root.handlers)
    level = root.level
    try:
        assert configure_logging("text") is False
        assert root.handlers == before
        assert configure_logging("json", "WARNING") is True
        assert configure_logging("json", "WARNING") is True
        added = [h for h in root.handlers if h not in before]
        assert len(added) == 1
        assert isinstance(added[0].formatter, JsonFormatter)
        assert root.level == logging.WARNING
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
        root.setLevel(level)


def _remote_addr_app(database_url: str, proxies: int):
    app = create_app(
        TestingConfig,
        {"SQLALCHEMY_DATABASE_URI": database_url, "TRUSTED_PROXY_COUNT": proxies},
    )

    @app.get("/_remote")
    def _remote():
        from flask import request

        return f"{request.remote_addr} {request.scheme}"

    return app


@pytest.mark.parametrize(("proxies", "expected"), [(0, "127.0.0.1 http"), (1, "203.0.113.9 https")])
def test_forwarded_headers_trusted_only_when_configured(database_url, proxies, expected):
    app = _remote_addr_app(database_url, proxies)
    response = app.test_client().get(
        "/_remote",
        headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"},
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
    )
    assert response.get_data(as_text=True) == expected
    with app.app_context():
        db.engine.dispose()


def test_deploy_migrate_on_sqlite(tmp_path):
    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/m.db"})
    result = app.test_cli_runner().invoke(args=["deploy", "migrate", "--wait", "1"])
    assert result.exit_code == 0, result.output
    assert "migrations applied (no lock: not PostgreSQL)" in result.output
    with app.app_context():
        from sqlalchemy import inspect

        assert "users" in inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_deploy_migrate_on_postgresql_takes_the_lock(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("the advisory lock is PostgreSQL's (TEST_DATABASE_ADMIN_URL)")
    from sqlalchemy import create_engine, text

    from app.common.deploy import MIGRATION_LOCK_KEY

    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": database_url})
    engine = create_engine(database_url)
    with engine.connect() as other:
        # Another instance holds the lock: ours must wait; released, ours goes on.
        other.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
        import threading

        result = {}

        def run():
            result["r"] = app.test_cli_runner().invoke(args=["deploy", "migrate"])

        thread = threading.Thread(target=run)
        thread.start()
        thread.join(1.5)
        assert thread.is_alive(), "the migration did not wait for the lock"
        other.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK_KEY})
        other.commit()
        thread.join(60)
    engine.dispose()
    with app.app_context():
        db.engine.dispose()
    assert result["r"].exit_code == 0, result["r"].output
    assert "under the advisory lock" in result["r"].output


def test_wsgi_entry_point_follows_konsulta_config(monkeypatch):
    monkeypatch.setenv("KONSULTA_CONFIG", "testing")
    sys.modules.pop("wsgi", None)
    module = importlib.import_module("wsgi")
    try:
        assert module.app.config["TESTING"] is True
    finally:
        sys.modules.pop("wsgi", None)
        with module.app.app_context():
            db.engine.dispose()


def test_production_logs_json_by_default():
    from config import Config, ProductionConfig

    assert os.environ.get("LOG_FORMAT", "text") == Config.LOG_FORMAT
    assert os.environ.get("LOG_FORMAT", "json") == ProductionConfig.LOG_FORMAT


def test_every_environment_variable_of_config_is_documented():
    root = Path(__file__).resolve().parents[2]
    source = (root / "config.py").read_text()
    names = set(re.findall(r"""(?:environ\.get|_env_bool)\(\s*["']([A-Z_]+)["']""", source))
    assert {"SECRET_KEY", "DATABASE_URL", "LOG_FORMAT"} <= names
    documented = (root / "deploy" / "README.md").read_text()
    missing = sorted(name for name in names if f"`{name}`" not in documented)
    assert not missing, f"add these to deploy/README.md: {missing}"


DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def test_compose_runs_every_process_and_documents_its_variables():
    yaml = pytest.importorskip("yaml")
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"app", "worker", "scheduler", "db", "redis", "proxy"}
    assert [services[name]["command"] for name in ("app", "worker", "scheduler")] == [
        ["web"],
        ["worker"],
        ["scheduler"],
    ]
    environment = services["app"]["environment"]
    assert environment["RATELIMIT_STORAGE_URI"].startswith("redis://")
    assert environment["KONSULTA_CONFIG"] == "production"
    text = (DEPLOY / "compose.yaml").read_text()
    documented = (DEPLOY / "README.md").read_text()
    for name in set(re.findall(r"\$\{([A-Z_]+)", text)):
        assert f"`{name}`" in documented, name


def test_systemd_units_start_files_that_exist():
    root = DEPLOY.parent
    units = sorted((DEPLOY / "systemd").glob("*.service"))
    assert {u.stem for u in units} >= {
        "konsulta",
        "konsulta-worker",
        "konsulta-tick",
        "konsulta-digest",
        "konsulta-opendata",
    }
    for unit in units:
        for line in unit.read_text().splitlines():
            if line.startswith(("ExecStart=", "ExecStartPre=")):
                command = line.split("=", 1)[1].split()
                path = command[0].replace("/srv/konsulta/", "")
                if not path.startswith(".venv/"):
                    assert (root / path).is_file(), (unit.name, path)
                for argument in command[1:]:
                    if argument.startswith("deploy/"):
                        assert (root / argument).is_file(), (unit.name, argument)
    for timer in ("tick", "digest", "opendata"):
        assert (DEPLOY / "systemd" / f"konsulta-{timer}.timer").is_file()


@pytest.mark.parametrize(
    ("shell", "script"),
    [
        ("sh", "entrypoint.sh"),
        ("sh", "worker.sh"),
        ("sh", "scheduler.sh"),
        ("bash", "backup.sh"),
        ("bash", "restore.sh"),
    ],
)
def test_deploy_scripts_parse(shell, script):
    import subprocess

    path = DEPLOY / script
    assert os.access(path, os.X_OK), f"{script} is not executable"
    assert subprocess.run([shell, "-n", str(path)], capture_output=True).returncode == 0
