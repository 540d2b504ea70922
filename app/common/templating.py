"""Template filters every wing uses: local times, money, areas' names."""

from __future__ import annotations

from datetime import datetime

from flask import Flask
from flask_babel import format_datetime, format_time, get_locale

from app.common.money import money, percent
from app.common.timeutil import to_local


def register_template_filters(app: Flask) -> None:
    @app.template_filter("localdt")
    def _localdt(value: datetime | None, fmt: str = "short") -> str:
        """Show an aware UTC datetime in Europe/Warsaw, formatted for the current language:
        "short" as everywhere on the site ("6.12.2026, 17:00" / "12/6/26, 5:00 PM"), "time"
        for the hour alone ("17:00" / "5:00 PM"), or a CLDR pattern."""
        if value is None:
            return ""
        local = to_local(value).replace(tzinfo=None)
        if fmt == "time":
            return format_time(local, "short", rebase=False)
        return format_datetime(local, fmt, rebase=False)

    app.add_template_filter(money, "money")
    app.add_template_filter(percent, "percent")

    @app.template_filter("area_name")
    def _area_name(area) -> str:
        return area.name(str(get_locale()))
