"""The feed contract as the generator sees it.

Column names, their order and every enum value come from `validations.feeds` (the single source).
This module only gives the simulation readable handles on those values (`PT.pabo`, `MODE.voltijd`)
that fail at import when the contract drops a value, and a row builder that refuses a column the
contract does not have - so a change in the contract breaks the generator loudly, never silently.
"""
from __future__ import annotations

from types import SimpleNamespace

from validations.feeds import FEEDS
from validations.feeds import codes

__all__ = ["FEEDS", "codes", "Table", "enum", "PT", "DEGREE", "MODE", "ROUTE", "PRIOR", "EXIT", "SECTOR",
           "STATUS", "MODEL", "COST", "FUNDING", "TRACK", "ROLE", "INST", "DIRECTION", "check_keys"]


class _Enum(SimpleNamespace):
    """Attribute access to a contract value list; a missing value is an AttributeError at import."""

    def __getattr__(self, name):  # only called when the attribute is missing
        raise AttributeError(f"the feed contract has no value {name!r} in this list")


def enum(values: list[str]) -> _Enum:
    return _Enum(**{v: v for v in values})


PT = enum(codes.PROGRAMME_TYPES)
DEGREE = enum(codes.DEGREE_LEVELS)
MODE = enum(codes.STUDY_MODES)
ROUTE = enum(codes.ROUTES)
PRIOR = enum(codes.PRIOR_EDUCATION)
EXIT = enum(codes.EXIT_TYPES)
SECTOR = enum(codes.SECTORS)
STATUS = enum(codes.PLACEMENT_STATUSES)
MODEL = enum(codes.SUPERVISION_MODELS)
COST = enum(codes.COST_CATEGORIES)
FUNDING = enum(codes.FUNDING_SOURCES)
TRACK = enum(codes.TRACKS)
ROLE = enum(codes.SCHOOL_ROLES)
INST = enum(codes.INSTITUTION_TYPES)
DIRECTION = enum(codes.DIRECTIONS)


def check_keys(table: dict, values: list[str], what: str, complete: bool = True) -> dict:
    """A table keyed by contract values: every key must be in the contract list (and, when
    `complete`, every contract value must have a key)."""
    unknown = [k for k in table if k not in values]
    missing = [v for v in values if v not in table] if complete else []
    if unknown or missing:
        raise RuntimeError(f"generator table for {what} out of step with the contract: "
                           f"unknown {unknown}, missing {missing}")
    return table


class Table:
    """Builds rows of one feed as tuples in the contract's column order."""

    def __init__(self, feed: str):
        self.feed = FEEDS[feed]
        self.names = self.feed.column_names
        self.kinds = tuple(c.kind for c in self.feed.columns)
        self.required = tuple(c.required for c in self.feed.columns)
        self.position = {n: i for i, n in enumerate(self.names)}

    def row(self, **values) -> tuple:
        for name in values:
            if name not in self.position:
                raise KeyError(f"feed {self.feed.name!r} has no column {name!r}")
        return tuple(values.get(n) for n in self.names)

    def maker(self, *names: str):
        """A fast row builder for the hot loops: positional values for `names`, returned as a tuple
        in contract order (columns not named are None)."""
        for name in names:
            if name not in self.position:
                raise KeyError(f"feed {self.feed.name!r} has no column {name!r}")
        args = ", ".join(f"a{i}" for i in range(len(names)))
        body = ", ".join(f"a{names.index(n)}" if n in names else "None" for n in self.names)
        return eval(f"lambda {args}: ({body},)")  # noqa: S307 - generated from contract column names only

    def get(self, row: tuple, name: str):
        return row[self.position[name]]

    def replace(self, row: tuple, **values) -> tuple:
        out = list(row)
        for name, value in values.items():
            out[self.position[name]] = value
        return tuple(out)
