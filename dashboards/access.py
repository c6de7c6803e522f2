"""Who may see what: the access file (HOME/access.yaml) and the viewer scope that every query of the
dashboards passes through (dashboards.snapshot), so no page, filter, chart, table, download or URL
parameter can show more than the viewer's scope.

- admin: everything.
- region: every row of its region(s), partnerships by name.
- partnership: its own rows by name, unsuppressed (the own-detail extract, dashboards.snapshot); the
  other partnerships of its region as stable anonymous labels
  ("Partnerschap B"); the region's and the country's aggregates. Nothing of other regions.
- anyone else: nothing.

Grants are by code (region_code, partnership_code): codes are the platform's keys and senders cannot
change them. A name in a grant is a convenience that resolves to its code only when it stands for
exactly one thing in the snapshot; a name that is also a code, the name of more than one region or
partnership, or a fixed value of the contract (`voltijd`) is refused with the reason, so a sender
that renames its partnership cannot take over or blank out what another viewer sees.

The scope works on result rows, not on SQL: rows of regions or partnerships outside the scope are
dropped, codes and names of the region's other partnerships are replaced by their label wherever
they occur (codes, senders, file names, messages), and a row that mentions anything outside the
scope is dropped. Parameters travel the other way: a label becomes its code again, a code outside
the scope matches nothing.
"""
from __future__ import annotations

import functools
import hashlib
import hmac
import re
import string
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Literal, Mapping

import numpy as np
import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

ACCESS_FILE = "access.yaml"
LABEL = "Partnerschap {letter}"
PARTNERSHIP_COLUMN, REGION_COLUMN, SCOPE_COLUMN = "partnership_code", "region_code", "scope_code"


class AccessFileError(ValueError):
    """The access file cannot be read; nobody sees anything until it is fixed."""


# -- the access file ----------------------------------------------------------------------------------
class Grant(BaseModel):
    """One user's line in the access file. Regions and partnerships are given by code (or by a name
    that resolves to exactly one code)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    role: Literal["admin", "region", "partnership", "sender"]
    regions: tuple[str, ...] = ()
    partnerships: tuple[str, ...] = ()
    senders: tuple[str, ...] = ()         # sender codes the user may deliver for (the Aanleveren page)

    @model_validator(mode="after")
    def _targets_fit_the_role(self) -> "Grant":
        from validations.feeds import FEEDS
        bad = [c for c in self.senders if not any(f.accepts_sender(c) for f in FEEDS.values() if not f.free_names)]
        if bad:
            raise ValueError(f"not a sender code: {', '.join(map(repr, bad))}")
        if self.role == "sender" and (not self.senders or self.regions or self.partnerships):
            raise ValueError("a sender user needs `senders` (codes) and sees no reports: no regions or partnerships")
        if self.role == "admin" and (self.regions or self.partnerships):
            raise ValueError("an admin sees everything: leave out regions and partnerships")
        if self.role == "region" and (not self.regions or self.partnerships):
            raise ValueError("a region user needs `regions` (codes) and no `partnerships`")
        if self.role == "partnership" and (not self.partnerships or self.regions):
            raise ValueError("a partnership user needs `partnerships` (codes) and no `regions`")
        return self


class _AccessFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    users: dict[str, Grant] = {}


def load(path: Path) -> dict[str, Grant] | None:
    """The users of the access file by lower-cased e-mail; None when there is no file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as e:
        raise AccessFileError(f"{path}: {e}") from None
    try:
        data = yaml.safe_load(text) or {}
        parsed = _AccessFile.model_validate(data)
    except yaml.YAMLError as e:
        raise AccessFileError(f"{path}: not valid YAML ({str(e).splitlines()[0]})") from None
    except ValidationError as e:
        problems = "; ".join(f"{'.'.join(map(str, err['loc']))}: {err['msg']}" for err in e.errors())
        raise AccessFileError(f"{path}: {problems}") from None
    return {email.strip().lower(): grant for email, grant in parsed.users.items()}


# -- the reference: which codes and names exist -------------------------------------------------------
def _fixed_values() -> frozenset[str]:
    """Values a name must not be: every value list of the contract (validations.feeds.codes), the
    marts' own codes (i18n.CODES) and the fixed senders and the unknown region."""
    from dashboards.i18n import CODES
    from validations.feeds import codes as contract
    lists = [v for v in vars(contract).values()
             if isinstance(v, (list, tuple)) and v and all(isinstance(x, str) for x in v)]
    lists += [list(kind) for kind in CODES.values()]
    return frozenset(x.casefold() for values in lists for x in values) | {"nl", "duo", "onbekend"}


FIXED_VALUES = _fixed_values()
CODE, SHARED, FIXED = "code", "shared", "fixed"     # why a name cannot stand for one thing
UNKNOWN = "unknown"                                  # a name the snapshot does not have


@dataclass(frozen=True)
class Reference:
    """Regions, partnerships and schools of the snapshot (marts.regions, marts.partnerships, marts.schools)."""

    regions: Mapping[str, str]                    # code -> name
    partnerships: Mapping[str, tuple[str, str]]   # code -> (name, region code)
    schools: Mapping[str, str] = field(default_factory=dict)   # code -> region code

    def names(self, kind: str) -> dict[str, str]:
        """code -> name of the regions or the partnerships."""
        return dict(self.regions) if kind == "region" else {c: n for c, (n, _) in self.partnerships.items()}

    @functools.cached_property
    def collisions(self) -> dict[str, str]:
        """Casefolded names that cannot stand for one thing, with why: CODE (the name is also a code),
        SHARED (more than one region or partnership has it) or FIXED (a fixed value or a number)."""
        codes = {str(c).casefold() for c in [*self.regions, *self.partnerships, *self.schools]} | {"nl", "duo"}
        names = Counter(_key(n) for kind in ("region", "partnership") for n in self.names(kind).values() if _key(n))
        out = {}
        for name, n in names.items():
            if name in codes:
                out[name] = CODE
            elif n > 1:
                out[name] = SHARED
            elif name in FIXED_VALUES or name.replace(".", "").replace(",", "").isdigit():
                out[name] = FIXED
        return out

    def resolve(self, kind: str, wanted: str) -> tuple[str | None, str | None]:
        """The code a grant's `wanted` (a code, or a name) stands for, else None and why not."""
        w = _key(wanted)
        by_code = {str(c).casefold(): c for c in self.names(kind)}
        if w in by_code:
            return by_code[w], None
        found = [c for c, n in self.names(kind).items() if _key(n) == w]
        if not found:
            return None, UNKNOWN
        return (found[0], None) if w not in self.collisions else (None, self.collisions[w])


def _key(name) -> str:
    """A code or name as grants and text match it: trimmed, case-insensitive; "" for none."""
    return "" if name is None or (isinstance(name, float) and pd.isna(name)) else str(name).strip().casefold()


# -- the scope --------------------------------------------------------------------------------------
KEEP, LABELLED, HIDDEN = 0, 1, 2


@dataclass(frozen=True)
class Scope:
    """What one viewer may see of one snapshot."""

    admin: bool = False
    regions: frozenset[str] = frozenset()          # region codes whose rows are visible
    named: frozenset[str] = frozenset()            # partnership codes shown by name
    labels: Mapping[str, str] = field(default_factory=dict)   # partnership code -> anonymous label
    terms: Mapping[str, tuple[int, str]] = field(default_factory=dict)   # casefolded code or name -> (action, label)
    problems: tuple[str, ...] = ()                 # names in the grant the snapshot does not know
    refused: Mapping[str, str] = field(default_factory=dict)   # names in the grant that collide -> why
    own: frozenset[str] = frozenset()              # partnerships whose own rows it sees unsuppressed

    @property
    def sees_nothing(self) -> bool:
        return not self.admin and not self.regions

    @property
    def codes(self) -> dict[str, str]:
        """label -> code, for parameters."""
        return {label: code for code, label in self.labels.items()}

    # -- results ----------------------------------------------------------------------------------
    def rows(self, df: pd.DataFrame) -> pd.DataFrame:
        """The rows of a query result this viewer may see, with the region's other partnerships
        under their label (and the rows re-sorted by label, so their order tells nothing)."""
        if self.admin:
            return df
        if self.sees_nothing or df.empty:
            return df.iloc[0:0]
        keep = pd.Series(True, index=df.index)
        if REGION_COLUMN in df.columns:
            keep &= df[REGION_COLUMN].isin(self.regions)
        if PARTNERSHIP_COLUMN in df.columns:
            keep &= df[PARTNERSHIP_COLUMN].isin(self.named | set(self.labels))
        if SCOPE_COLUMN in df.columns:
            keep &= df[SCOPE_COLUMN].isin(self.regions | self.named | set(self.labels))
        df = df.loc[keep]
        texts = [c for c in df.columns if df[c].dtype == object or pd.api.types.is_string_dtype(df[c].dtype)]
        if df.empty or not texts:
            return df.copy()
        seen, keep, swapped = {}, np.ones(len(df), dtype=bool), {}

        def text(value):
            if not isinstance(value, str):
                return self._text(value)
            if value not in seen:
                seen[value] = self._text(value)
            return seen[value]

        # a row is dropped when any of its texts names what is hidden; a column is relabelled when a
        # row still kept after it shows another text (one pass over plain lists: pandas' map and
        # filtering per column were most of the time of a report's queries)
        for c in texts:
            values = df[c].tolist()
            mapped = [text(v) for v in values]
            keep &= np.fromiter((m is not _HIDDEN for m in mapped), dtype=bool, count=len(mapped))
            if any(k and m is not v and m != v for k, m, v in zip(keep, mapped, values)):
                swapped[c] = mapped
        kept = np.flatnonzero(keep)
        out = df.iloc[kept].copy()
        for c, mapped in swapped.items():
            out[c] = pd.Series([mapped[i] for i in kept], index=out.index, dtype=object).astype(df[c].dtype)
        relabelled = list(swapped)
        if relabelled:
            out = out.sort_values(relabelled, key=lambda s: s.map(self._rank), kind="stable")
        return out

    def _text(self, value):
        """A cell as this viewer may see it: labels for the region's other partnerships, _HIDDEN
        when it names anything outside the scope."""
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return value
        text = value if isinstance(value, str) else str(value)
        if self._matcher is None:
            return value
        spans = self._matcher.spans(text)
        if not spans:
            return value
        pieces, at = [], 0
        for start, end, term in spans:
            action, label = self.terms.get(term, (HIDDEN, ""))
            if action == HIDDEN:
                return _HIDDEN
            pieces += [text[at:start], label if action == LABELLED else text[start:end]]
            at = end
        swapped = "".join(pieces) + text[at:]
        if swapped == text:
            return value
        return swapped if isinstance(value, str) else _HIDDEN   # a label inside a list or struct: leave it out

    @functools.cached_property
    def _matcher(self) -> "_Matcher | None":
        return _matcher_of(frozenset(self.terms)) if self.terms else None

    def _rank(self, value) -> tuple[int, str]:
        v = "" if value is None else str(value)
        rank = 0 if v in self.regions else 1 if v in self.named else 2 if v in self.codes else 3
        return rank, v

    # -- parameters and names ---------------------------------------------------------------------
    def params(self, params: Iterable) -> tuple:
        """Query parameters: a label becomes its code; a code or name outside the scope matches nothing."""
        if self.admin:
            return tuple(params)
        codes = self.codes
        out = []
        for p in params:
            if isinstance(p, str) and p in codes:
                out.append(codes[p])
            elif isinstance(p, str) and self.terms.get(p.strip().casefold(), (KEEP,))[0] != KEEP:
                out.append(None)
            else:
                out.append(p)
        return tuple(out)

    def names(self, names: Mapping[str, str]) -> dict[str, str]:
        """Display names of the codes this viewer may see by name."""
        if self.admin:
            return dict(names)
        return {c: n for c, n in names.items() if c in self.regions or c in self.named}


_HIDDEN = object()


class _Matcher:
    """Where the codes and names of a snapshot occur in a text: one alternation over every term,
    longest first (a name inside a longer name is not a match), bounded by anything but a letter or
    digit (`SOP-RM-02_2024.csv` names SOP-RM-02). Every viewer's scope of one snapshot has the same
    terms (their actions differ), so the matches of a text are found once and kept for all of them
    (`report --all` reads the same file names and messages for each partnership of a region)."""

    def __init__(self, terms: frozenset[str]):
        body = "|".join(re.escape(t) for t in sorted(terms, key=lambda t: (-len(t), t)))
        self.pattern = re.compile(rf"(?<![^\W_])(?:{body})(?![^\W_])", re.IGNORECASE)
        self.spans = functools.lru_cache(maxsize=1 << 16)(self._spans)

    def _spans(self, text: str) -> tuple[tuple[int, int, str], ...]:
        """(start, end, the matched text casefolded) of each match, in order."""
        return tuple((m.start(), m.end(), m.group(0).casefold()) for m in self.pattern.finditer(text))


@functools.lru_cache(maxsize=4)
def _matcher_of(terms: frozenset[str]) -> _Matcher:
    return _Matcher(terms)


NOTHING = Scope()
EVERYTHING = Scope(admin=True)


def labels(ref: Reference, key: bytes) -> dict[str, str]:
    """Every partnership's anonymous label within its region: "Partnerschap A", "B", ... in the order
    of a keyed hash of the code, so the labels are stable across pages, runs and viewers, yet do not
    follow the order of the codes."""
    by_region: dict[str, list[str]] = {}
    for code, (_, region) in ref.partnerships.items():
        by_region.setdefault(region, []).append(code)
    out = {}
    for region, codes in by_region.items():
        ordered = sorted(codes, key=lambda c: hmac.new(key, f"{region}\x1f{c}".encode(), hashlib.sha256).digest())
        for i, code in enumerate(ordered):
            out[code] = LABEL.format(letter=_letters(i))
    return out


def _letters(i: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, ..."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = string.ascii_uppercase[r] + s
    return s


def scope(grant: Grant | None, ref: Reference, key: bytes) -> Scope:
    """The scope of a grant on this snapshot's reference."""
    if grant is None or grant.role == "sender":
        return NOTHING
    if grant.role == "admin":
        return EVERYTHING
    if grant.role == "region":
        regions, problems, refused = _resolve(ref, "region", grant.regions)
        named = {c for c, (_, r) in ref.partnerships.items() if r in regions}
    else:
        named, problems, refused = _resolve(ref, "partnership", grant.partnerships)
        regions = {ref.partnerships[c][1] for c in named}
    all_labels = labels(ref, key)
    labelled = {c: all_labels[c] for c, (_, r) in ref.partnerships.items() if r in regions and c not in named}
    terms: dict[str, tuple[int, str]] = {}

    def add(term, action: int, label: str = "", name: bool = False) -> None:
        k = _key(term)
        if not k or (name and ref.collisions.get(k) in (CODE, FIXED)):   # a code means its code; a value its value
            return
        if k not in terms or terms[k][0] < action:     # the stricter action wins (two things of one name)
            terms[k] = (action, label)

    for code, name in ref.regions.items():
        action = KEEP if code in regions else HIDDEN
        add(code, action)
        add(name, action, name=True)
    for code, (name, region) in ref.partnerships.items():
        action = KEEP if code in named else LABELLED if code in labelled else HIDDEN
        add(code, action, labelled.get(code, ""))
        add(name, action, labelled.get(code, ""), name=True)
    for code, region in ref.schools.items():
        add(code, KEEP if region in regions else HIDDEN)
    return Scope(regions=frozenset(regions), named=frozenset(named), labels=labelled, terms=terms,
                 problems=tuple(problems), refused=refused,
                 own=frozenset(named) if grant.role == "partnership" else frozenset())


def _resolve(ref: Reference, kind: str, wanted: Iterable[str]) -> tuple[set[str], list[str], dict[str, str]]:
    """The codes a grant's codes (or names) stand for, the names the snapshot does not know, and
    the names refused because they do not stand for exactly one code (with why)."""
    codes, unknown, refused = set(), [], {}
    for name in wanted:
        code, why = ref.resolve(kind, name)
        if code is not None:
            codes.add(code)
        elif why == UNKNOWN:
            unknown.append(name)
        else:
            refused[name] = why
    return codes, unknown, refused


def demo_grants(ref: Reference) -> dict[str, Grant]:
    """The viewers a demo home offers when it has no access file: an admin, each region, each
    partnership, granted by code; a region and a partnership may deliver for their own code."""
    grants = {"beheerder@demo.regiomonitor.nl": Grant(role="admin")}
    for code, name in sorted(ref.regions.items(), key=lambda kv: str(kv[1])):
        grants[f"regio.{code.lower()}@demo.regiomonitor.nl"] = Grant(role="region", regions=(code,), senders=(code,))
    for code, (name, _) in sorted(ref.partnerships.items(), key=lambda kv: str(kv[1][0])):
        grants[f"{code.lower()}@demo.regiomonitor.nl"] = Grant(role="partnership", partnerships=(code,),
                                                               senders=(code,))
    return grants


def label_key(secret: bytes) -> bytes:
    """The key of the labels, derived from the home's pseudonymisation secret (never the secret itself)."""
    return hmac.new(secret, b"regiomonitor partnership labels", hashlib.sha256).digest()
