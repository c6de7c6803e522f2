"""The mart contract as the dbt project declares it, once (dbt_project/models/marts/*.yml): each mart's
grain, denominator and national comparison, and each column's type, unit and whether it counts
people. The gates and the dashboards read it from here; it reads the YAML itself (no dbt, no Dagster),
so a dashboard needs neither a parsed manifest nor the orchestration."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

MARTS_DIR = Path(__file__).resolve().parents[1] / "dbt_project" / "models" / "marts"


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str
    description: str
    unit: str | None = None          # count, fraction, eur, fte, fte_per_student, ratio, percentile
    people: bool = False             # a count of people or derived from one: NULL in a suppressed row


@dataclass(frozen=True)
class National:
    column: str                      # the published national rate
    rate: str                        # the rate of the private detail it summarises
    by: tuple[str, ...]              # the groups it is computed over
    detail: str                      # the private table with the unsuppressed rows


@dataclass(frozen=True)
class Mart:
    name: str
    description: str
    grain: tuple[str, ...]
    columns: tuple[Column, ...]
    denominator: str | None = None   # the people count the small-cell threshold applies to
    national: National | None = None

    @property
    def people(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.people)


def _mart(model: dict) -> Mart:
    meta = (model.get("config") or {}).get("meta") or {}
    national = meta.get("national")
    return Mart(
        name=model["name"], description=" ".join(model.get("description", "").split()),
        grain=tuple(meta["grain"]), denominator=meta.get("denominator"),
        national=National(national["column"], national["rate"], tuple(national["by"]), national["detail"])
        if national else None,
        columns=tuple(Column(name=c["name"], data_type=c["data_type"], description=c.get("description", ""),
                             unit=((c.get("config") or {}).get("meta") or {}).get("unit"),
                             people=bool(((c.get("config") or {}).get("meta") or {}).get("people")))
                      for c in model["columns"]))


@cache
def marts() -> dict[str, Mart]:
    """Every mart with an enforced contract, by name, in the order the YAML declares them."""
    out = {}
    for path in sorted(MARTS_DIR.glob("*.yml")):
        for model in (yaml.safe_load(path.read_text()) or {}).get("models", []):
            if ((model.get("config") or {}).get("contract") or {}).get("enforced"):
                out[model["name"]] = _mart(model)
    return out


@cache
def columns() -> dict[str, Column]:
    """Every contract column by name. A name means the same in every mart that publishes it (a test
    holds the contract to that); `people` is true when it counts people in any of them."""
    out: dict[str, Column] = {}
    for mart in marts().values():
        for c in mart.columns:
            if c.name not in out or (c.people and not out[c.name].people):
                out[c.name] = c
    return out
