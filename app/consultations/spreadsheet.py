"""The answers of a round as an XLSX workbook (openpyxl), and checking one edited offline.

One row per remark under a header row; column A holds the remark's stable id, the decision
column offers the decisions as a validated list. The site's metryka (app/common/tables.py) is
the last sheet; only the first sheet is read back. Reading a workbook back returns its rows; the
pure :func:`check_rows` says, row by row, what would change and which rows are refused and why.
Nothing here touches the database.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from app.common.tables import AboutRows, about_sheet, add_sheet

#: the columns read back (1-based): the remark's id, the decision, the answer's justification
ID_COLUMN, DECISION_COLUMN, ANSWER_COLUMN = 1, 9, 10
#: rows beyond this are not read (a round has hundreds of remarks, not tens of thousands)
MAX_ROWS = 20_000
WIDTHS = (10, 6, 18, 28, 12, 50, 50, 10, 24, 60, 14)


class ImportProblem(StrEnum):
    """Why a row of an answers spreadsheet is refused."""

    UNKNOWN_ID = "unknown_id"
    DECISION_NOT_IN_LIST = "decision_not_in_list"
    MISSING_DECISION = "missing_decision"
    MISSING_JUSTIFICATION = "missing_justification"
    #: at confirmation: the stored answer is no longer the one the preview showed
    CHANGED_AFTER_PREVIEW = "changed_after_preview"


class NotAWorkbook(ValueError):
    """The file is not an XLSX workbook openpyxl can read, or has too many rows."""


@dataclass(frozen=True)
class SheetRow:
    """A data row as read: its row number in the sheet and the three columns read back."""

    row: int
    id: object
    decision: str
    justification: str


@dataclass(frozen=True)
class Current:
    """A remark as stored: its number and its answer (None/"" when unanswered)."""

    number: int
    decision: str | None
    justification: str


def build_workbook(
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    decision_labels: Sequence[str],
    about: AboutRows | None = None,
) -> bytes:
    """An XLSX file: a bold, frozen header row, then ``rows``; the decision column accepts
    only ``decision_labels`` (a drop-down list; Excel and LibreOffice refuse other values).
    ``about``: the metryka (app.common.tables.about_rows), written as a second sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    count = 0
    for row in rows:
        sheet.append(list(row))
        count += 1
        for cell in sheet[sheet.max_row]:
            # openpyxl stores a text starting with "=" as a formula: a remark's text must stay
            # text, never run in the official's spreadsheet (formula injection)
            if cell.data_type == "f":
                cell.data_type = "s"
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
    sheet.freeze_panes = "B2"
    letter = sheet.cell(1, DECISION_COLUMN).column_letter
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(decision_labels) + '"',
        allow_blank=True,
        showErrorMessage=True,
    )
    validation.add(f"{letter}2:{letter}{max(count + 1, 2)}")
    sheet.add_data_validation(validation)
    if about is not None:
        add_sheet(workbook, about_sheet(about))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_rows(data: bytes) -> list[SheetRow]:
    """The data rows of the workbook's first sheet (rows left wholly empty are skipped).

    :raises NotAWorkbook: not a readable XLSX file, or more than ``MAX_ROWS`` rows.
    """
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise NotAWorkbook(str(error)) from error
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
            if number > MAX_ROWS + 1:
                raise NotAWorkbook("too many rows")
            values = tuple(values) + (None,) * (ANSWER_COLUMN - len(values))
            if all(_text(v) == "" for v in values):
                continue
            rows.append(
                SheetRow(
                    row=number,
                    id=values[ID_COLUMN - 1],
                    decision=_text(values[DECISION_COLUMN - 1]),
                    justification=_text(values[ANSWER_COLUMN - 1]),
                )
            )
        return rows
    finally:
        workbook.close()


def _as_id(value: object) -> int | None:
    text = _text(value)
    return int(text) if text.isdigit() else None


def check_rows(
    rows: Iterable[SheetRow],
    current: Mapping[int, Current],
    decisions: Mapping[str, str],
) -> tuple[list[dict], list[dict]]:
    """What the rows would change, and the refused rows.

    ``current``: the round's remarks by id; ``decisions``: accepted spellings (case-folded
    labels and codes) to decision codes. A row whose decision and justification are both empty,
    or equal to the stored answer, changes nothing. Each change and refusal is a plain dict
    (stored as JSON until the official confirms).
    """
    changes: list[dict] = []
    refusals: list[dict] = []
    seen: set[int] = set()
    for row in rows:
        remark_id = _as_id(row.id)
        if remark_id is None or remark_id not in current or remark_id in seen:
            refusals.append(
                {"row": row.row, "reason": ImportProblem.UNKNOWN_ID, "value": _text(row.id)}
            )
            continue
        seen.add(remark_id)
        stored = current[remark_id]
        if not row.decision and not row.justification:
            continue
        if not row.decision:
            refusals.append({"row": row.row, "reason": ImportProblem.MISSING_DECISION, "value": ""})
            continue
        decision = decisions.get(row.decision.casefold())
        if decision is None:
            refusals.append(
                {
                    "row": row.row,
                    "reason": ImportProblem.DECISION_NOT_IN_LIST,
                    "value": row.decision,
                }
            )
            continue
        if not row.justification:
            refusals.append(
                {"row": row.row, "reason": ImportProblem.MISSING_JUSTIFICATION, "value": ""}
            )
            continue
        if decision == stored.decision and row.justification == stored.justification.strip():
            continue
        changes.append(
            {
                "row": row.row,
                "comment_id": remark_id,
                "number": stored.number,
                "decision": decision,
                "justification": row.justification,
                "old_decision": stored.decision,
                "old_justification": stored.justification,
            }
        )
    return changes, refusals
