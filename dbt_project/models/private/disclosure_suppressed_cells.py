"""Which published rows are suppressed (marts.md "Small cells", contract 2; docs/disclosure.md).

Rule 1: a row with fewer people than small_cell_threshold is suppressed. Rule 2: under every
published total (private.disclosure_cells lists each row's totals) the suppressed rows are none, or
at least two that together hold at least the threshold; where a total would give a row away, the
smallest other rows that suffice are suppressed too, and never the total itself.

Why Python: the decision is a greedy fixed point over overlapping groups, taken one group at a time
so that a row hidden for one group protects the next (a set-at-once SQL recursion hides a row per
group in parallel and so hides more than needed). It is deterministic (size, then id), so unchanged
data gives the same decision every run. Rows that hold the same people (disclosure_cells.people_key)
are one unit: hidden together or not at all. A unit is never chosen to protect another when it is
the only part of a published total (hiding it would hide nothing) or counts nobody.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable, NamedTuple


class Membership(NamedTuple):
    cell_id: str
    people_key: int | None
    size: int
    threshold: int
    group_id: str
    role: str            # 'part' | 'total'
    group_kind: str      # 'published' | 'cell' | 'none'
    national: bool


class Group(NamedTuple):
    gid: str
    national: bool
    threshold: int
    parts: tuple[str, ...]    # units
    total: str | None         # the unit that is the total, for a 'cell' group; None when published
    total_size: int

    @property
    def terms(self) -> tuple[str, ...]:
        return self.parts + ((self.total,) if self.total else ())


def _units(rows: list[Membership]) -> dict[str, str]:
    """cell_id -> unit id: cells with the same people (same people_key and size) share a unit."""
    first: dict[tuple[int, int], str] = {}
    unit = {}
    for r in sorted({(r.cell_id, r.people_key, r.size) for r in rows}):
        cell_id, key, size = r
        unit[cell_id] = first.setdefault((key, size), cell_id) if key is not None else cell_id
    return unit


def _groups(rows: list[Membership], unit: dict[str, str], size: dict[str, int]) -> list[Group]:
    parts, totals, meta = defaultdict(set), defaultdict(set), {}
    for r in rows:
        if r.group_kind == "none":
            continue
        (totals if r.role == "total" else parts)[r.group_id].add(unit[r.cell_id])
        meta[r.group_id] = (r.group_kind, r.national, r.threshold)
    groups = []
    for gid in sorted(meta):
        kind, national, threshold = meta[gid]
        total = min(totals[gid]) if kind == "cell" and totals[gid] else None
        if kind == "cell" and (total is None or parts[gid] <= {total}):
            continue                     # no total, or one that holds the same people as its only part
        members = tuple(sorted(parts[gid] - {total}))
        groups.append(Group(gid, national, threshold, members, total, sum(size[u] for u in members)))
    return groups


def _violated(g: Group, hidden: set[str], size: dict[str, int]) -> bool:
    """Would g's total minus its visible parts give a suppressed part away?"""
    sizes = [size[u] for u in g.parts if u in hidden and size[u] > 0]
    if g.total is None and g.total_size < g.threshold:
        return False                     # the total is itself a small cell: it is not published
    if g.total in hidden:
        return not sizes                 # its visible parts would add up to it
    return len(sizes) == 1 or (len(sizes) >= 2 and sum(sizes) < g.threshold)


def _equations(groups: list[Group], hidden: set[str], size: dict[str, int]) -> list[dict[str, float]]:
    """What a reader can write about the hidden rows: per published total (or visible total row),
    the hidden parts add up to a known number; per hidden total row, its hidden parts minus it do.
    National totals are left out: their rates, at 3 decimals over many people, fix no sum."""
    out = []
    for g in groups:
        if g.national or (g.total is None and g.total_size < g.threshold):
            continue
        eq = {u: 1.0 for u in g.parts if u in hidden and size[u] > 0}
        if g.total in hidden:
            eq[g.total] = -1.0
        if eq:
            out.append(eq)
    return out


def _determined(equations: list[dict[str, float]]) -> set[str]:
    """Hidden rows whose value the equations fix: the unit vector lies in their row space (a zero
    row of the null space), solved per set of rows the equations link."""
    import numpy as np

    parent: dict[str, str] = {}

    def find(u: str) -> str:
        while parent.setdefault(u, u) != u:
            parent[u] = parent[parent[u]]
            u = parent[u]
        return u

    for eq in equations:
        first, *rest = eq
        for u in rest:
            parent[find(u)] = find(first)
    linked = defaultdict(list)
    for eq in equations:
        linked[find(next(iter(eq)))].append(eq)
    out = set()
    for eqs in linked.values():
        units = sorted({u for eq in eqs for u in eq})
        index = {u: i for i, u in enumerate(units)}
        A = np.zeros((len(eqs), len(units)))
        for r, eq in enumerate(eqs):
            for u, coef in eq.items():
                A[r, index[u]] = coef
        _, sv, vh = np.linalg.svd(A)
        free = vh[int((sv > 1e-9 * max(1.0, sv.max(initial=0.0))).sum()):]     # the null space, as rows
        out |= {units[i] for i in np.flatnonzero(np.abs(free).max(axis=0, initial=0.0) < 1e-9)}
    return out


def decide(rows: Iterable[Membership]) -> tuple[dict[str, bool], list[str]]:
    """Suppressed cells (cell_id -> complementary?) and the groups no eligible row could protect."""
    rows = [Membership(*r) for r in rows]
    unit = _units(rows)
    size = {unit[r.cell_id]: r.size for r in rows}
    threshold = {unit[r.cell_id]: r.threshold for r in rows}
    groups = _groups(rows, unit, size)
    sole = {g.parts[0] for g in groups
            if g.total is None and len(g.parts) == 1 and g.total_size >= g.threshold}
    eligible = {u for u in size if size[u] > 0 and u not in sole}
    hidden = {u for u in size if size[u] < threshold[u]}

    term_of = defaultdict(list)          # unit -> the groups it is a term of
    for g in groups:
        for u in g.terms:
            term_of[u].append(g.gid)
    dirty = {g.gid for g in groups}      # groups that may break rule 2 since they were last looked at

    def hide(u: str) -> None:
        hidden.add(u)
        dirty.update(term_of[u])

    def repair(g: Group) -> bool:
        """Hide g's smallest eligible visible terms until g holds; True when anything was hidden."""
        if g.gid not in dirty:
            return False                 # hidden rows only grow: a group that held still holds
        dirty.discard(g.gid)
        if not _violated(g, hidden, size):
            return False
        added = False
        for u in sorted((u for u in g.terms if u not in hidden and u in eligible), key=lambda u: (size[u], u)):
            if not _violated(g, hidden, size):
                break
            hide(u)
            added = True
        return added

    # Regional groups first: the rows hidden for a region usually protect the national totals too,
    # so no other region loses a row for them. Repeat until no group needs another row.
    regional = [g for g in groups if not g.national]
    national = [g for g in groups if g.national]
    member_of = defaultdict(list)
    for g in regional:
        for u in g.terms:
            member_of[u].append(g)

    def settle() -> None:
        while True:
            while any([repair(g) for g in regional]):
                pass
            if not any([repair(g) for g in national]):
                break

    def unpin(u: str) -> bool:
        """Hide the smallest visible row beside u (in one of u's totals) that leaves u undetermined;
        else the smallest one, and let the next round go on from there. True when anything was hidden."""
        beside = sorted({v for g in member_of[u] for v in g.terms if v not in hidden and v in eligible},
                        key=lambda v: (size[v], v))
        for v in beside:
            hidden.add(v)
            if u not in _determined(_equations(member_of_any(u, v), hidden, size)):
                hide(v)
                return True
            hidden.discard(v)
        if beside:
            hide(beside[0])
        return bool(beside)

    def member_of_any(*units: str) -> list[Group]:
        """The regional groups linked to these rows (their component), to test them alone."""
        seen, todo, out = set(units), list(units), {}
        while todo:
            for g in member_of[todo.pop()]:
                if g.gid not in out:
                    out[g.gid] = g
                    for t in g.terms:
                        if t in hidden and t not in seen:
                            seen.add(t)
                            todo.append(t)
        return list(out.values())

    # Rule 2 per total, then no hidden row fixed by the totals together (tau-argus' condition that
    # every suppressed cell lies on a cycle of suppressed cells, in any number of dimensions).
    settle()
    for _ in range(len(size)):
        pinned = sorted(_determined(_equations(regional, hidden, size)), key=lambda u: (size[u], u))
        pinned = [u for u in pinned if size[u] > 0]
        if not pinned or not any([unpin(u) for u in pinned if u in _determined(
                _equations(member_of_any(u), hidden, size))]):
            break
        settle()
    still = sorted(g.gid for g in groups if _violated(g, hidden, size))
    cells = {r.cell_id for r in rows}
    return {c: size[unit[c]] >= threshold[unit[c]] for c in sorted(cells) if unit[c] in hidden}, still


def model(dbt, session):
    import pyarrow as pa

    dbt.config(materialized="table")
    cells = dbt.ref("disclosure_cells")
    rows = cells.select(", ".join(Membership._fields)).fetchall()
    suppressed, _ = decide(rows)
    info = {r[0]: (r[2], r[3]) for r in rows}
    ids = list(suppressed)
    return pa.table({
        "cell_id": pa.array(ids, pa.string()),
        "size": pa.array([info[c][0] for c in ids], pa.int64()),
        "threshold": pa.array([info[c][1] for c in ids], pa.int64()),
        "complementary": pa.array([suppressed[c] for c in ids], pa.bool_()),
    })
