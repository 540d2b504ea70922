"""Shared fixtures: a migrated database (SQLite, or PostgreSQL when asked), app, client, mail.

Set ``TEST_DATABASE_ADMIN_URL`` (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres) to run
the whole suite on PostgreSQL: a throwaway database is created for the session and dropped after.
"""

from __future__ import annotations

import functools
import os
import socket
import uuid
from email import message_from_bytes, policy
from pathlib import Path

import email_validator
import flask_babel
import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from flask import g
from jinja2 import BytecodeCache

from app import create_app
from app.common.identity import site_identity
from app.extensions import db, limiter
from config import TestingConfig
from tests import speedups

email_validator.TEST_ENVIRONMENT = True  # accept example.org and similar test domains
KEEP_TABLES = {"alembic_version", "public_benefit_areas"}  # data loaded by migrations
speedups.reuse_url_builders()


def _create_postgres_database(admin_url: str) -> tuple[str, callable]:
    name = f"konsulta_test_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(admin_url).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        with engine.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()

    return url, drop


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A database migrated once per session through Flask-Migrate (never create_all)."""
    admin_url = os.environ.get("TEST_DATABASE_ADMIN_URL")
    if admin_url:
        url, drop = _create_postgres_database(admin_url)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"

        def drop() -> None:
            return None

    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade(directory=str(Path(app.root_path).parent / "migrations"))
        db.engine.dispose()
    yield url
    drop()


def empty_tables() -> None:
    """Delete every row the test wrote, children first, and start ids at 1 again.

    DELETE rather than TRUNCATE: on tables holding a handful of rows PostgreSQL deletes in a
    few milliseconds where TRUNCATE of ~30 tables takes ~40 ms, once per test. Sequences are
    reset with ``setval`` so ids restart as they do on SQLite.
    """
    tables = [t for t in reversed(db.metadata.sorted_tables) if t.name not in KEEP_TABLES]
    for table in tables:
        db.session.execute(table.delete())
    if db.engine.dialect.name == "postgresql":
        db.session.execute(sa.text(_reset_sequences_sql(tuple(t.name for t in tables))))
    db.session.commit()


@functools.cache
def _reset_sequences_sql(table_names: tuple[str, ...]) -> str:
    """One SELECT that restarts the id sequence of every table that has one."""
    calls = [
        f"setval(pg_get_serial_sequence('\"{name}\"', 'id'), 1, false)"
        for name in table_names
        if "id" in db.metadata.tables[name].c
        and db.metadata.tables[name].c.id.autoincrement in (True, "auto")
        and db.metadata.tables[name].c.id.primary_key
    ]
    return "SELECT " + ", ".join(calls)


@pytest.fixture
def app_overrides() -> dict:
    """Override in a test module to change the configuration of ``app``."""
    return {}


class _MemoryBytecodeCache(BytecodeCache):
    """Each test builds a new app, and so a new Jinja environment; share compiled templates."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CACHE = _MemoryBytecodeCache()


def forget_request_state() -> None:
    """Requests made while a test's app context is pushed share its ``g``, where Flask-Login
    caches the user and Flask-Babel the locale; real requests each get a fresh context."""
    g.pop("_login_user", None)
    flask_babel.refresh()


@pytest.fixture
def app(database_url, app_overrides):
    app = create_app(
        TestingConfig,
        {"SQLALCHEMY_DATABASE_URI": database_url, "SERVER_NAME": "localhost", **app_overrides},
    )
    app.before_request(forget_request_state)
    app.jinja_env.bytecode_cache = TEMPLATE_CACHE
    with app.app_context():
        # the site settings are read once per process and cached (app.common.identity): fill
        # the cache now, so that counting a page's queries counts the page's own
        site_identity()
        yield app
        db.session.remove()
        empty_tables()
        if app.config["RATELIMIT_ENABLED"]:
            limiter.reset()  # counters must not leak into the next test (e.g. on Redis)
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class Inbox:
    """Messages received by the SMTP sink, parsed."""

    def __init__(self) -> None:
        self.messages: list = []
        self.port = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's API
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in m["To"]]

    def last_to(self, address: str):
        found = self.to(address)
        assert found, f"no e-mail to {address}; received: {[m['To'] for m in self.messages]}"
        return found[-1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    inbox.port = controller.port
    yield inbox
    controller.stop()


def smtp_config(inbox: Inbox) -> dict:
    return {
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": inbox.port,
        "MAIL_USE_TLS": False,
        "MAIL_SUPPRESS_SEND": False,
        "MAIL_TO_CONSOLE": False,
    }


def body_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


class Auth:
    """Log in and out through the real forms (like flaskr's AuthActions)."""

    def __init__(self, client) -> None:
        self.client = client

    def login(self, email: str, password: str = "correct-horse-battery"):  # noqa: S107
        return self.client.post("/auth/login", data={"email": email, "password": password})

    def login_as(self, user) -> None:
        """Sign in without the form (skips the deliberately slow scrypt check)."""
        with self.client.session_transaction() as session:
            session["_user_id"] = str(user.id)
            session["_fresh"] = True

    def logout(self):
        return self.client.post("/auth/logout")


@pytest.fixture
def auth(client) -> Auth:
    return Auth(client)
