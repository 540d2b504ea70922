"""Konsulta: structured public consultations between a city office and its NGOs."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from config import Config


def create_app(config_class: type = Config, overrides: dict | None = None) -> Flask:
    """Build the application: configuration, extensions, models, blueprints, CLI."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config_class)
    if overrides:
        app.config.update(overrides)
    _check_required_settings(app)
    _configure_operations(app)

    _init_extensions(app)
    _register_models()
    _register_blueprints(app)
    _register_hooks(app)
    return app


def _check_required_settings(app: Flask) -> None:
    missing = [key for key in app.config.get("REQUIRED_SETTINGS", ()) if not app.config.get(key)]
    if missing:
        raise RuntimeError("Missing required settings: " + ", ".join(missing))


def _configure_operations(app: Flask) -> None:
    """JSON logs when LOG_FORMAT=json; trust X-Forwarded-* from TRUSTED_PROXY_COUNT proxies."""
    from flask.logging import default_handler

    from app.common.logs import configure_logging

    if configure_logging(app.config.get("LOG_FORMAT", "text"), app.config.get("LOG_LEVEL", "INFO")):
        app.logger.removeHandler(default_handler)
    proxies = app.config.get("TRUSTED_PROXY_COUNT", 0)
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies
        )


def _init_extensions(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from app.common.i18n import select_locale
    from app.extensions import babel, cache, csrf, db, limiter, login_manager, mail, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    mail.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    cache.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    # Flask-Login's own "Please log in to access this page." is English on every page: the
    # message is ours, translated when it is flashed (a lazy text cannot go into the session)
    login_manager.login_message = _l("Log in to open this page.")
    login_manager.localize_callback = str


def _register_models() -> None:
    """Import every models module so that Alembic and relationships see all tables."""
    import app.auth.models
    import app.common.identity
    import app.common.models
    import app.consultations.models
    import app.hub.models
    import app.meetings.models
    import app.moderation.models
    import app.notifications.hooks  # connects the receivers of the features' signals
    import app.notifications.models
    import app.organizations.models
    import app.priorities.models
    import app.programmes.models
    import app.proposals.models
    import app.search.models
    import app.settings.models
    import app.surveys.models  # noqa: F401
    from app.search.index import listen as keep_search_index_up_to_date

    keep_search_index_up_to_date()


def _register_blueprints(app: Flask) -> None:
    from app.admin.blueprint import bp as admin_bp
    from app.api.blueprint import bp as api_bp
    from app.api.dump import opendata_cli
    from app.auth.blueprint import bp as auth_bp
    from app.auth.cli import create_admin
    from app.common.deploy import deploy_cli
    from app.common.errors import register_error_handlers
    from app.common.web import register_domain_errors
    from app.consultations.blueprint import bp as consultations_bp
    from app.hub.blueprint import bp as hub_bp
    from app.meetings.blueprint import bp as meetings_bp
    from app.moderation.blueprint import bp as moderation_bp
    from app.notifications.blueprint import bp as notifications_bp
    from app.notifications.cli import notifications_cli
    from app.organizations.blueprint import bp as organizations_bp
    from app.priorities.blueprint import bp as priorities_bp
    from app.priorities.cli import priorities_cli
    from app.privacy.blueprint import bp as privacy_bp
    from app.privacy.cli import privacy_cli
    from app.programmes.blueprint import bp as programmes_bp
    from app.proposals.blueprint import bp as proposals_bp
    from app.search.blueprint import bp as search_bp
    from app.search.cli import search_cli
    from app.settings.blueprint import bp as settings_bp
    from app.site.blueprint import bp as site_bp
    from app.site.cli import seed_demo
    from app.surveys.blueprint import bp as surveys_bp

    app.register_blueprint(site_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(organizations_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(consultations_bp)
    app.register_blueprint(proposals_bp)
    app.register_blueprint(hub_bp)
    app.register_blueprint(meetings_bp)
    app.register_blueprint(surveys_bp)
    app.register_blueprint(priorities_bp)
    app.register_blueprint(programmes_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(moderation_bp)
    app.register_blueprint(settings_bp)
    app.register_blueprint(privacy_bp)
    register_error_handlers(app)
    register_domain_errors(app)
    app.cli.add_command(create_admin)
    app.cli.add_command(seed_demo)
    app.cli.add_command(priorities_cli)
    app.cli.add_command(notifications_cli)
    app.cli.add_command(deploy_cli)
    app.cli.add_command(opendata_cli)
    app.cli.add_command(search_cli)
    app.cli.add_command(privacy_cli)


def _register_hooks(app: Flask) -> None:
    from app.common.identity import register_identity
    from app.common.security import add_security_headers
    from app.common.templating import register_template_filters
    from app.site.templating import register_template_context

    add_security_headers(app)
    register_template_filters(app)
    register_identity(app)
    register_template_context(app)
