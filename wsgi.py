"""The production entry point: ``gunicorn wsgi:app`` and ``FLASK_APP=wsgi flask ...``.

``KONSULTA_CONFIG`` picks the configuration class of ``config.py`` ("production" unless told
otherwise); every setting comes from environment variables (deploy/README.md lists them).
"""

from __future__ import annotations

import os

from app import create_app
from config import CONFIGS

app = create_app(CONFIGS[os.environ.get("KONSULTA_CONFIG", "production")])
