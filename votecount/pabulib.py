"""Reading and writing the pabulib ``.pb`` format (https://pabulib.org/format).

A file has three sections in this order, each a title line, a header line and data lines, with
``;`` between fields (a field containing ``;`` or ``"`` is quoted CSV-style)::

    META
    key;value
    budget;2500
    vote_type;approval
    PROJECTS
    project_id;cost;name
    1;600;Park
    VOTES
    voter_id;vote
    v1;1,2

Accepted here:

- ``vote_type``: ``approval`` and ``choose-1`` (approval ballots; choose-1 allows one project),
  ``cumulative`` and ``scoring`` (points ballots, with a ``points`` column aligned with ``vote``),
  ``ordinal`` (ranked ballots, most preferred first);
- ids are strings; costs and the budget are decimals, and ``,`` is accepted as the decimal
  separator (``1000,50``); points must be whole numbers ``>= 0`` (``3`` or ``3.0``);
- an empty ``vote`` is an empty ballot: it still counts as a voter;
- META ``max_sum_points`` and ``max_points`` limit the points of a ballot and per project;
  ``rounding_unit`` (our addition) sets the unit of the ``points`` budget split (default 1);
  ``min_project_score_threshold`` is the fewest votes (points) a project needs under the rules
  that have such a minimum (:attr:`~.model.Election.min_score`); ``rule`` names the rule that
  decided the outcome, and a ``selected`` column in PROJECTS records that outcome
  (:meth:`PbFile.official_selection`).

Lenient where the meaning is clear, each time with a line-numbered note in
:attr:`PbFile.warnings`: a META value that itself contains ``;`` without quotes is read whole; a
project named twice in an approval vote counts once; a project named twice in a points vote
gets the sum of its points (``579,579;1,1`` is 2 points). Everything else that is malformed
raises :class:`PabulibError` naming the line and what is wrong.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import chain, repeat
from operator import itemgetter
from os import PathLike
from typing import NamedTuple

from .model import BallotKind, CountingError, Election, Option, PointsBallot

VOTE_TYPES: dict[str, BallotKind] = {
    "approval": BallotKind.APPROVAL,
    "choose-1": BallotKind.APPROVAL,
    "cumulative": BallotKind.POINTS,
    "scoring": BallotKind.POINTS,
    "ordinal": BallotKind.RANKED,
}
_SECTIONS = ("meta", "projects", "votes")
_NEEDS_BUDGET = {"approval", "choose-1", "cumulative", "scoring"}


class PabulibError(CountingError):
    """A ``.pb`` file is malformed. ``line`` is the 1-based line number, when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line
        self.reason = message
        super().__init__(f"line {line}: {message}" if line else message)


@dataclass(frozen=True)
class PbProject:
    """A PROJECTS row: id, cost, and the other columns as ``(name, value)`` pairs."""

    id: str
    cost: Decimal
    fields: tuple[tuple[str, str], ...] = ()


class PbVote(NamedTuple):
    """A VOTES row. ``points`` is aligned with ``vote`` (points ballots only).

    A named tuple rather than a dataclass: a file holds one per voter, tens of thousands, and a
    tuple is several times cheaper to build (it is just as immutable).
    """

    voter_id: str
    vote: tuple[str, ...]
    points: tuple[int, ...] | None = None
    fields: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class OfficialSelection:
    """The outcome a file records in the PROJECTS ``selected`` column.

    :param selected: the projects marked ``1`` (funded by the rule), in file order.
    :param other: projects marked with another non-zero value (pabulib uses ``2`` for projects
        funded outside the rule, e.g. from reserve funds), with their marks; they are not part
        of the rule's outcome.
    """

    selected: tuple[str, ...]
    other: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PbFile:
    """A whole ``.pb`` file, in file order. ``warnings`` lists what was read leniently."""

    meta: tuple[tuple[str, str], ...]
    projects: tuple[PbProject, ...]
    votes: tuple[PbVote, ...]
    warnings: tuple[str, ...] = field(default=(), compare=False)
    _meta: dict[str, str] = field(init=False, repr=False, compare=False)
    _ballots: tuple[frozenset[str], ...] | None = field(
        init=False, repr=False, compare=False, default=None
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_meta", dict(self.meta))

    @property
    def rule(self) -> str | None:
        """The META ``rule``: the name of the rule that decided the outcome (if given)."""
        value = self._meta.get("rule", "").strip()
        return value or None

    def official_selection(self) -> OfficialSelection | None:
        """The outcome recorded in the ``selected`` column, or ``None`` if there is none."""
        if not self.projects or not any(
            name == "selected" for project in self.projects for name, _ in project.fields
        ):
            return None
        chosen: list[str] = []
        other: list[tuple[str, str]] = []
        for project in self.projects:
            mark = dict(project.fields).get("selected", "").strip()
            if mark in ("1", "1.0"):
                chosen.append(project.id)
            elif mark not in ("", "0", "0.0"):
                other.append((project.id, mark))
        return OfficialSelection(tuple(chosen), tuple(other))

    @property
    def vote_type(self) -> str:
        return self._meta["vote_type"]

    @property
    def kind(self) -> BallotKind:
        return VOTE_TYPES[self.vote_type]

    @property
    def budget(self) -> Decimal | None:
        text = self._meta.get("budget")
        return None if text is None else parse_decimal(text, "budget")

    def to_election(self) -> Election:
        """The election these ballots describe."""
        kind = self.kind
        if kind is BallotKind.RANKED:
            ballots: list = [vote.vote for vote in self.votes]
        elif kind is BallotKind.APPROVAL:
            ballots = self._ballots or list(map(frozenset, map(itemgetter(1), self.votes)))
        else:
            ballots = [_points_ballot(vote) for vote in self.votes]
        unit = self._meta.get("rounding_unit")
        return Election(
            kind=kind,
            options=tuple(Option(project.id, project.cost) for project in self.projects),
            ballots=tuple(ballots),
            budget=self.budget,
            rounding_unit=Decimal(1) if unit is None else parse_decimal(unit, "rounding_unit"),
            max_points=_meta_whole(self._meta, "max_sum_points"),
            max_points_per_option=_meta_whole(self._meta, "max_points"),
            min_score=_meta_whole(self._meta, "min_project_score_threshold"),
        )

    @classmethod
    def from_election(cls, election: Election, meta: Mapping[str, str] | None = None) -> PbFile:
        """A file holding ``election`` (voter ids are ``1``..``n``); ``meta`` adds META keys."""
        entries = {
            "vote_type": _vote_type_for(election.kind),
            "num_projects": str(len(election.options)),
            "num_votes": str(len(election.ballots)),
        }
        if election.budget is not None:
            entries["budget"] = format(election.budget, "f")
        if election.rounding_unit != 1:
            entries["rounding_unit"] = format(election.rounding_unit, "f")
        if election.max_points is not None:
            entries["max_sum_points"] = str(election.max_points)
        if election.max_points_per_option is not None:
            entries["max_points"] = str(election.max_points_per_option)
        if election.min_score is not None:
            entries["min_project_score_threshold"] = str(election.min_score)
        entries.update(meta or {})
        projects = tuple(PbProject(option.id, option.cost) for option in election.options)
        votes = tuple(
            _vote_for(election.kind, str(number), ballot)
            for number, ballot in enumerate(election.ballots, 1)
        )
        return cls(meta=tuple(entries.items()), projects=projects, votes=votes)


def _points_ballot(vote: PbVote) -> PointsBallot:
    return tuple(zip(vote.vote, vote.points or (), strict=True))


def _vote_type_for(kind: BallotKind) -> str:
    return {
        BallotKind.APPROVAL: "approval",
        BallotKind.POINTS: "cumulative",
        BallotKind.RANKED: "ordinal",
    }[kind]


def _vote_for(kind: BallotKind, voter_id: str, ballot) -> PbVote:
    if kind is BallotKind.POINTS:
        return PbVote(voter_id, tuple(o for o, _ in ballot), tuple(p for _, p in ballot))
    if kind is BallotKind.APPROVAL:
        return PbVote(voter_id, tuple(sorted(ballot)))
    return PbVote(voter_id, tuple(ballot))


def _meta_whole(meta: Mapping[str, str], key: str) -> int | None:
    text = meta.get(key)
    return None if text is None else parse_whole(text, key)


# ---------------------------------------------------------------------------------------------
# Numbers


def parse_decimal(text: str, what: str, line: int | None = None) -> Decimal:
    """A decimal >= 0; ``,`` is accepted as the decimal separator."""
    cleaned = text.strip()
    if "," in cleaned:
        if "." in cleaned or cleaned.count(",") > 1:
            raise PabulibError(f"{what} {text!r} is ambiguous: use one decimal separator", line)
        cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise PabulibError(f"{what} {text!r} is not a number", line) from None
    if not value.is_finite() or value < 0:
        raise PabulibError(f"{what} must be a number >= 0, got {text!r}", line)
    return value


def parse_whole(text: str, what: str, line: int | None = None) -> int:
    """A whole number >= 0 (``3`` or ``3.0``)."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise PabulibError(f"{what} {text!r} is not a number", line) from None
    if not value.is_finite() or value < 0 or value != value.to_integral_value():
        raise PabulibError(f"{what} must be a whole number >= 0, got {text!r}", line)
    return int(value)


# ---------------------------------------------------------------------------------------------
# Reading


def read_pb(path: str | PathLike[str]) -> PbFile:
    """Read a ``.pb`` file (UTF-8, with or without a byte-order mark)."""
    with open(path, encoding="utf-8-sig", newline="") as file:
        return parse_pb(file.read())


def parse_pb(text: str) -> PbFile:
    """Parse the text of a ``.pb`` file; raise :class:`PabulibError` if it is malformed."""
    return _Parser(text.removeprefix("\ufeff")).parse()


class _FieldTuples(dict):
    """``(name, value)`` pairs of a VOTES row's extra columns, built once per distinct row
    (ages, sexes and channels repeat: tens of thousands of rows share a few hundred tuples)."""

    def __init__(self, names: tuple[str, ...]) -> None:
        super().__init__()
        self.names = names

    def __missing__(self, values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
        pairs = self[values] = tuple(zip(self.names, values, strict=True))
        return pairs


def _one(getter):
    """An item getter returning a 1-tuple (``itemgetter`` with one index returns the item)."""
    return lambda row: (getter(row),)


class _Parser:
    """Reads the three sections in order, checking every line as it goes."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
        self.meta: dict[str, str] = {}
        self.meta_lines: dict[str, int] = {}
        self.projects: dict[str, PbProject] = {}
        self.votes: list[PbVote] = []
        self.voter_lines: dict[str, int] = {}
        self.warnings: list[str] = []
        self.vote_columns = None
        self.raw: list[str] = []
        self.finished = False  # the rest of the file was read at once (see _plain_votes)
        self.approval_ballots: list[frozenset[str]] | None = None

    @property
    def line(self) -> int:
        return self.reader.line_num

    def rows(self) -> Iterator[list[str]]:
        """The non-blank rows, stripped; CSV-level problems become :class:`PabulibError`."""
        try:
            for row in self.reader:
                cells = [cell.strip() for cell in row]
                if any(cells):
                    self.raw = row
                    yield cells
        except csv.Error as error:
            raise PabulibError(f"unreadable line ({error})", self.line) from None

    def parse(self) -> PbFile:
        rows = self.rows()
        section_index = -1
        header: list[str] = []
        for row in rows:
            title = row[0].lower() if len(row) == 1 or not any(row[1:]) else None
            if title in _SECTIONS:
                section_index = self._enter(title, section_index)
                header = self._header(rows, title)
                if title == "votes":
                    self._votes(rows, header)
                    if self.finished:
                        break
            elif section_index < 0:
                raise PabulibError(f"expected the META section title, found {row[0]!r}", self.line)
            else:
                self._data(_SECTIONS[section_index], header, row)
        if section_index < len(_SECTIONS) - 1:
            missing = ", ".join(s.upper() for s in _SECTIONS[section_index + 1 :])
            raise PabulibError(f"the file ends before the {missing} section", self.line or None)
        pb = PbFile(
            meta=tuple(self.meta.items()),
            projects=tuple(self.projects.values()),
            votes=tuple(self.votes),
            warnings=tuple(self.warnings),
        )
        if self.approval_ballots is not None:
            object.__setattr__(pb, "_ballots", tuple(self.approval_ballots))
        return pb

    def _enter(self, title: str, current: int) -> int:
        wanted = _SECTIONS[current + 1] if current + 1 < len(_SECTIONS) else None
        if title != wanted:
            expected = f"the {wanted.upper()} section" if wanted else "no more sections"
            raise PabulibError(f"found section {title.upper()}, expected {expected}", self.line)
        if title == "projects":
            self._check_meta()
        return current + 1

    def _header(self, rows: Iterator[list[str]], title: str) -> list[str]:
        row = next(rows, None)
        if row is None:
            raise PabulibError(f"the {title.upper()} section has no header line", self.line)
        header = [cell.lower() for cell in row]
        required = {"meta": ("key", "value"), "projects": ("project_id", "cost")}
        required_votes = ("voter_id", "vote")
        for name in required.get(title, required_votes):
            if name not in header:
                raise PabulibError(
                    f"the {title.upper()} header must have a {name!r} column, found {row}",
                    self.line,
                )
        points_ballots = self.meta.get("vote_type") in ("cumulative", "scoring")
        if title == "votes" and points_ballots and "points" not in header:
            raise PabulibError("points ballots need a 'points' column in VOTES", self.line)
        if len(set(header)) != len(header):
            raise PabulibError(f"the {title.upper()} header repeats a column: {row}", self.line)
        return header

    def _data(self, section: str, header: list[str], row: list[str]) -> None:
        if section == "meta" and len(row) > 2 and header[:2] == ["key", "value"]:
            row = [row[0], ";".join(self.raw[1:]).strip()]
            self.warnings.append(
                f"line {self.line}: the META value of {row[0]!r} contains ';' (not quoted): "
                "read as one value"
            )
        if len(row) != len(header):
            raise PabulibError(
                f"expected {len(header)} fields ({';'.join(header)}), found {len(row)}", self.line
            )
        if section == "meta":
            self._meta_row(row)
        elif section == "projects":
            self._project_row(dict(zip(header, row, strict=True)))
        else:
            self._vote_row(header, row)

    # -- META ---------------------------------------------------------------------------------

    def _meta_row(self, row: list[str]) -> None:
        key, value = row
        if not key:
            raise PabulibError("META line without a key", self.line)
        if key in self.meta:
            raise PabulibError(
                f"META key {key!r} appears twice (first on line {self.meta_lines[key]})",
                self.line,
            )
        self.meta[key] = value
        self.meta_lines[key] = self.line

    def _check_meta(self) -> None:
        vote_type = self.meta.get("vote_type")
        if vote_type is None:
            raise PabulibError("META has no vote_type", self.line)
        if vote_type not in VOTE_TYPES:
            known = ", ".join(VOTE_TYPES)
            raise PabulibError(
                f"unsupported vote_type {vote_type!r} (expected one of: {known})",
                self.meta_lines["vote_type"],
            )
        if "budget" in self.meta:
            parse_decimal(self.meta["budget"], "budget", self.meta_lines["budget"])
        elif vote_type in _NEEDS_BUDGET:
            raise PabulibError(f"META has no budget (needed for {vote_type} ballots)", self.line)
        for key in ("max_sum_points", "max_points", "min_project_score_threshold"):
            if key in self.meta:
                parse_whole(self.meta[key], key, self.meta_lines[key])
        if "rounding_unit" in self.meta:
            unit = parse_decimal(self.meta["rounding_unit"], "rounding_unit")
            if unit == 0:
                raise PabulibError(
                    "rounding_unit must be positive", self.meta_lines["rounding_unit"]
                )

    # -- PROJECTS -----------------------------------------------------------------------------

    def _project_row(self, cells: dict[str, str]) -> None:
        project_id = cells.pop("project_id")
        if not project_id:
            raise PabulibError("project without an id", self.line)
        if project_id in self.projects:
            raise PabulibError(f"project id {project_id!r} appears twice", self.line)
        cost = parse_decimal(cells.pop("cost"), f"cost of project {project_id!r}", self.line)
        self.projects[project_id] = PbProject(project_id, cost, tuple(cells.items()))

    # -- VOTES --------------------------------------------------------------------------------

    def _vote_row(self, header: list[str], row: list[str]) -> None:
        columns = self.vote_columns
        if columns is None or columns[0] is not header:
            columns = self.vote_columns = self._vote_layout(header)
        _, voter_at, vote_at, points_at, extra, vote_type = columns
        voter_id = row[voter_at]
        lines = self.voter_lines
        if not voter_id or voter_id in lines:
            if not voter_id:
                raise PabulibError("vote without a voter_id", self.line)
            raise PabulibError(
                f"voter_id {voter_id!r} appears twice (first on line {lines[voter_id]})",
                self.line,
            )
        lines[voter_id] = self.reader.line_num
        vote = self._vote_ids(row[vote_at])
        points = None
        if points_at is not None:
            vote, points = self._points(row[points_at], vote)
        elif len(vote) > 1:
            if len(set(vote)) != len(vote):
                vote = self._unique(vote, vote_type)
            if vote_type == "choose-1" and len(vote) > 1:
                raise PabulibError(f"a choose-1 vote names {len(vote)} projects", self.line)
        fields = (
            tuple(zip(extra[1], map(row.__getitem__, extra[0]), strict=True)) if extra[0] else ()
        )
        self.votes.append(PbVote(voter_id, vote, points, fields))

    def _votes(self, rows: Iterator[list[str]], header: list[str]) -> None:
        """The VOTES rows: the usual ones read in a tight loop, anything unusual (a section
        title, a wrong number of fields, a repeated or unknown id, points) by :meth:`_vote_row`,
        which checks it and says what is wrong."""
        width = len(header)
        layout = self.vote_columns = self._vote_layout(header)
        _, voter_at, vote_at, points_at, (extra_at, extra_names), vote_type = layout
        if points_at is None and self._plain_votes(layout, width):
            return
        if points_at is not None or vote_type == "choose-1":
            for row in rows:
                self._unusual(header, row)
            return
        lines = self.voter_lines
        reader = self.reader
        known = self.projects.__contains__
        append = self.votes.append
        sections = _SECTIONS
        for row in rows:
            voter_id = row[voter_at] if len(row) == width else ""
            text = row[vote_at] if voter_id else ""
            if not voter_id or voter_id in lines or row[0].lower() in sections or not text:
                self._unusual(header, row)
                continue
            lines[voter_id] = reader.line_num
            parts = text.split(",")
            if not all(map(known, parts)) or (len(parts) > 1 and len(set(parts)) != len(parts)):
                vote = self._unique(self._vote_ids(text), vote_type)
            else:
                vote = tuple(parts)
            fields = (
                tuple(zip(extra_names, map(row.__getitem__, extra_at), strict=True))
                if extra_at
                else ()
            )
            append(PbVote(voter_id, vote, None, fields))

    def _plain_votes(self, layout, width: int) -> bool:
        """The common case all at once: the rest of the file is plain ``id;...;a,b,c`` lines
        (no quotes, spaces, carriage returns or empty votes), every id known and never repeated.
        Returns ``False``, having read nothing, if any of that does not hold: the rows are then
        read one by one, which finds and names what is unusual."""
        _, voter_at, vote_at, _, (extra_at, extra_names), vote_type = layout
        rest = self.text.split("\n")[self.reader.line_num :]
        while rest and not rest[-1]:
            rest.pop()
        body = "\n".join(rest)
        if not rest or any(mark in body for mark in ('"', " ", "\t", "\r", ";;")):
            return False
        rows = list(map(str.split, rest, repeat(";")))
        if set(map(len, rows)) != {width}:
            return False
        voters = list(map(itemgetter(voter_at), rows))
        if len(set(voters)) != len(voters) or not all(voters):
            return False
        if any(voter.lower() in _SECTIONS for voter in voters if voter[:1].isalpha()):
            return False
        votes = list(map(str.split, map(itemgetter(vote_at), rows), repeat(",")))
        if not self.projects.keys() >= set(chain.from_iterable(votes)):
            return False  # an unknown project, or an empty vote (read as "")
        ballots = list(map(frozenset, votes))
        if sum(map(len, votes)) != sum(map(len, ballots)):
            return False  # a project named twice in a vote
        if vote_type == "choose-1" and max(map(len, ballots)) > 1:
            return False
        if not extra_at:
            fields = repeat(())
        else:
            pick = itemgetter(*extra_at) if len(extra_at) > 1 else _one(itemgetter(extra_at[0]))
            fields = map(_FieldTuples(extra_names).__getitem__, map(pick, rows))
        self.votes.extend(map(PbVote, voters, map(tuple, votes), repeat(None), fields))
        self.approval_ballots = ballots
        self.finished = True
        return True

    def _unusual(self, header: list[str], row: list[str]) -> None:
        title = row[0].lower() if len(row) == 1 or not any(row[1:]) else None
        if title in _SECTIONS:
            self._enter(title, 2)  # raises: no section may follow VOTES
        self._data("votes", header, row)

    def _vote_layout(self, header: list[str]):
        """Where the columns of a VOTES header are (computed once per file)."""
        points_ballots = self.meta["vote_type"] in ("cumulative", "scoring")
        known = {"voter_id", "vote"} | ({"points"} if points_ballots else set())
        at = tuple(i for i, name in enumerate(header) if name not in known)
        extra = (at, tuple(header[i] for i in at))
        return (
            header,
            header.index("voter_id"),
            header.index("vote"),
            header.index("points") if points_ballots else None,
            extra,
            self.meta["vote_type"],
        )

    def _vote_ids(self, text: str) -> tuple[str, ...]:
        if not text or text.lower() == "none":
            return ()
        vote = text.split(",")
        projects = self.projects
        if not all(map(projects.__contains__, vote)):  # spaces, or an unknown project
            vote = [part.strip() for part in vote]
            for project_id in vote:
                if project_id not in projects:
                    raise PabulibError(
                        f"the vote names an unknown project {project_id!r}", self.line
                    )
        return tuple(vote)

    def _unique(self, vote: tuple[str, ...], vote_type: str) -> tuple[str, ...]:
        """An approval vote naming a project twice approves it once; a ranking may not."""
        if len(set(vote)) == len(vote):
            return vote
        if vote_type == "ordinal":
            raise PabulibError("the vote ranks a project more than once", self.line)
        repeated = sorted({project for project in vote if vote.count(project) > 1})
        self.warnings.append(
            f"line {self.line}: the vote names {', '.join(map(repr, repeated))} more than "
            "once: counted once"
        )
        return tuple(dict.fromkeys(vote))

    def _points(self, text: str, vote: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[int, ...]]:
        parts = [] if text.lower() in ("", "none") else text.split(",")
        if len(parts) != len(vote):
            raise PabulibError(
                f"the vote names {len(vote)} projects but gives {len(parts)} points", self.line
            )
        points = tuple(parse_whole(part, "points", self.line) for part in parts)
        if len(set(vote)) != len(vote):
            summed: dict[str, int] = {}
            for project, given in zip(vote, points, strict=True):
                summed[project] = summed.get(project, 0) + given
            repeated = sorted({project for project in vote if vote.count(project) > 1})
            self.warnings.append(
                f"line {self.line}: the vote names {', '.join(map(repr, repeated))} more than "
                "once: its points are added up"
            )
            vote, points = tuple(summed), tuple(summed.values())
        cap = self.meta.get("max_points")
        if cap is not None and points and max(points) > int(Decimal(cap)):
            raise PabulibError(f"a project gets {max(points)} points, more than {cap}", self.line)
        total_cap = self.meta.get("max_sum_points")
        if total_cap is not None and sum(points) > int(Decimal(total_cap)):
            raise PabulibError(
                f"the vote gives {sum(points)} points, more than {total_cap}", self.line
            )
        return vote, points


# ---------------------------------------------------------------------------------------------
# Writing


def format_pb(pb: PbFile) -> str:
    """The text of a ``.pb`` file for ``pb`` (fields are quoted only when needed)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    writer.writerows(pb.meta)
    project_columns = _extra_columns(project.fields for project in pb.projects)
    writer.writerow(["PROJECTS"])
    writer.writerow(["project_id", "cost", *project_columns])
    for project in pb.projects:
        extra = dict(project.fields)
        writer.writerow(
            [project.id, format(project.cost, "f"), *(extra.get(c, "") for c in project_columns)]
        )
    vote_columns = _extra_columns(vote.fields for vote in pb.votes)
    has_points = pb.kind is BallotKind.POINTS
    writer.writerow(["VOTES"])
    writer.writerow(["voter_id", *vote_columns, "vote", *(["points"] if has_points else [])])
    for vote in pb.votes:
        extra = dict(vote.fields)
        row = [vote.voter_id, *(extra.get(c, "") for c in vote_columns), ",".join(vote.vote)]
        if has_points:
            row.append(",".join(map(str, vote.points or ())))
        writer.writerow(row)
    return out.getvalue()


def write_pb(pb: PbFile, path: str | PathLike[str]) -> None:
    """Write ``pb`` to ``path`` as UTF-8."""
    with open(path, "w", encoding="utf-8", newline="") as file:
        file.write(format_pb(pb))


def _extra_columns(field_sets) -> list[str]:
    columns: dict[str, None] = {}
    for fields in field_sets:
        for name, _ in fields:
            columns.setdefault(name, None)
    return list(columns)
