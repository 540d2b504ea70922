"""Helpers shared by the calendar and the opportunities board."""

from __future__ import annotations

from typing import Any


def filter_args(filters: Any) -> dict:
    """The filters that are set, as query arguments for links that keep them."""
    return {k: v for k, v in vars(filters).items() if v}
