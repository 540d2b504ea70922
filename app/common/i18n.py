"""Choosing the interface language: the person's choice sticks in a cookie and their profile."""

from __future__ import annotations

from flask import current_app, request
from flask_login import current_user

from app.common.identity import site_identity


def select_locale() -> str:
    """Cookie first, then the signed-in person's saved choice, then the site's default language
    (site settings; Polish unless an administrator chose English)."""
    languages = current_app.config["LANGUAGES"]
    chosen = request.cookies.get(current_app.config["LANGUAGE_COOKIE"])
    if chosen in languages:
        return chosen
    saved = getattr(current_user, "locale", None) if current_user else None
    if saved in languages:
        return saved
    chosen_default = site_identity().default_locale
    return (
        chosen_default
        if chosen_default in languages
        else current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def set_language_cookie(response, locale: str):
    """Remember the chosen language for a year."""
    response.set_cookie(
        current_app.config["LANGUAGE_COOKIE"],
        locale,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        httponly=True,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response
