"""``flask opendata dump``: every published object of the API in one ZIP (JSON + CSV), with a
licence statement, for open data portals (dane.gov.pl-style). The scheduler runs it nightly.

The dump holds exactly what the API serves (the same queries and dictionaries), so nothing can
be in it that the API would not show.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from app.extensions import db

LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/legalcode.pl"

LICENCE_TEXT = """\
{platform} ({publisher}) — otwarte dane / open data
===================================================

PL: Dane z platformy konsultacji społecznych udostępnia się do ponownego wykorzystywania
na podstawie ustawy z dnia 11 sierpnia 2021 r. o otwartych danych i ponownym wykorzystywaniu
informacji sektora publicznego, na warunkach licencji Creative Commons Uznanie autorstwa 4.0
Międzynarodowe (CC BY 4.0): {licence}. Przy wykorzystaniu należy podać źródło ({site}) oraz
datę wytworzenia zbioru ({generated}). Zbiór zawiera wyłącznie informacje opublikowane na
platformie: uwagi i wnioski przypisane są organizacjom, bez danych osobowych osób fizycznych.

EN: Data from the public consultation platform, released for re-use under the Polish Act of
11 August 2021 on open data and the re-use of public sector information, under the Creative
Commons Attribution 4.0 International licence (CC BY 4.0): {licence}. Credit the source ({site})
and the date the set was produced ({generated}). The set holds only what the platform has
published: remarks and proposals are attributed to organizations, with no personal data.

Files: <resource>.json (a JSON array, the API's objects) and <resource>.csv (one row per object;
nested values as JSON text), described by the OpenAPI document openapi.json; metadata.json
lists the resources, their counts and the generation time.
"""

opendata_cli = AppGroup("opendata", help="Open data: the full dump of the public API.")


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def to_csv(rows: list[dict]) -> str:
    """One CSV row per object; columns are the object's keys; nested values as JSON text."""
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({key: _csv_value(value) for key, value in row.items()})
    return out.getvalue()


def write_dump(target: Path, batch: int = 500) -> dict[str, int]:
    """Write the ZIP at ``target`` (atomically: a temporary file renamed); return the counts."""
    from app.api import openapi
    from app.api.resources import RESOURCES
    from app.common.identity import site_identity

    identity = site_identity()

    generated = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    site = current_app.config["SITE_URL"].rstrip("/")
    counts: dict[str, int] = {}
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, resource in RESOURCES.items():
            rows: list[dict] = []
            offset = 0
            while True:
                page = (
                    db.session.scalars(resource.query(None).limit(batch).offset(offset))
                    .unique()
                    .all()
                )
                rows.extend(resource.to_dict(row) for row in page)
                db.session.expunge_all()
                if len(page) < batch:
                    break
                offset += batch
            counts[name] = len(rows)
            archive.writestr(f"{name}.json", json.dumps(rows, ensure_ascii=False, indent=1))
            archive.writestr(f"{name}.csv", "\ufeff" + to_csv(rows))
        archive.writestr(
            "LICENCE.txt",
            LICENCE_TEXT.format(
                licence=LICENCE_URL,
                site=site,
                generated=generated,
                platform=identity.platform_name,
                publisher=identity.body_name_pl,
            ),
        )
        # titled and signed as the served document (app/api/views.py: openapi_document)
        document = openapi.document(
            site + "/api/v1/",
            platform=identity.platform_name,
            publisher=identity.body_name("en"),
        )
        archive.writestr("openapi.json", json.dumps(document, ensure_ascii=False))
        archive.writestr(
            "metadata.json",
            json.dumps(
                {
                    "generated_at": generated,
                    "source": site,
                    "api": site + "/api/v1/",
                    "licence": {"name": "CC BY 4.0", "url": LICENCE_URL},
                    #: the body that publishes the data (site settings, app.common.identity)
                    "publisher": {
                        "name": identity.body_name_pl,
                        "name_en": identity.body_name_en,
                        "office": identity.office_name,
                        "email": identity.office_email,
                        "bip": identity.bip_url,
                    },
                    "resources": counts,
                },
                ensure_ascii=False,
                indent=1,
            ),
        )
    partial.replace(target)
    return counts


def dump_path() -> Path:
    """Where the nightly dump is written and served from (/api/v1/dump.zip)."""
    return Path(current_app.instance_path) / "opendata" / "konsulta-opendata.zip"


@opendata_cli.command("dump")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The ZIP to write (default: instance/opendata/konsulta-opendata.zip, served at "
    "/api/v1/dump.zip).",
)
def dump_command(output: Path | None) -> None:
    """Write every published object (JSON + CSV, zipped) with a licence statement."""
    target = output or dump_path()
    base = current_app.config["SITE_URL"]
    with current_app.test_request_context("/", base_url=base):
        counts = write_dump(target)
    summary = ", ".join(f"{name}: {count}" for name, count in counts.items())
    click.echo(f"open data written to {target} ({summary})")
