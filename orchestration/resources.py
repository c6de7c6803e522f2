"""Resources: the home folder (paths and pseudonymisation secret), progress lines and the dbt CLI."""
from __future__ import annotations

import functools
import importlib.metadata
import inspect
import logging
import sys
from functools import cached_property
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource
from packaging import version

from orchestration.dbt_project import project
from orchestration.progress import Progress
from deployment.home import Home


DBT_EXECUTABLE = str(Path(sys.executable).with_name("dbt"))   # the dbt of this environment


class HomeResource(dg.ConfigurableResource):
    """The deployment's home folder; by default $REGIOMONITOR_HOME or ./regiomonitor-home."""
    path: str = ""

    @property
    def home(self) -> Home:
        return Home.resolve(self.path or None)


class DbtCli(DbtCliResource):
    """dagster-dbt's resource without two costs per `dbt build` (~5 s on 2 cores, measured in
    BENCHMARKS.md): it asks `dbt --version` in a subprocess, though the executable is this
    environment's dbt-core, and builds an in-process dbt adapter that only serves row-count and
    column metadata, which this project does not fetch. Both are private members of dagster-dbt:
    `private_hooks_changed` says when an upgrade moved them, and `dbt_resource` then falls back to
    the plain resource (tests/test_dbt_resource.py fails meanwhile, so the upgrade is noticed)."""

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(importlib.metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):
        return None


PRIVATE_HOOKS = {"_cli_version": "cached_property", "_initialize_dbt_core_adapter": "(self, args)"}


def private_hooks_changed(base: type = DbtCliResource) -> list[str]:
    """What no longer matches in `base` of the private members DbtCli overrides (empty: all as
    expected): each must exist in the same form, and `cli` must still call it."""
    changed = []
    cli_source = inspect.getsource(base.cli) if hasattr(base, "cli") else ""
    for name, shape in PRIVATE_HOOKS.items():
        member = inspect.getattr_static(base, name, None)
        if member is None:
            changed.append(f"{name} is gone")
            continue
        if shape == "cached_property":
            found = type(member).__name__
        else:
            found = "(" + ", ".join(inspect.signature(member).parameters) + ")" if callable(member) else type(member).__name__
        if found != shape:
            changed.append(f"{name} is {found}, expected {shape}")
        if f"self.{name}" not in cli_source:
            changed.append(f"{name} is no longer used by {base.__name__}.cli")
    return changed


@functools.cache
def dbt_resource_class(base: type = DbtCliResource) -> type[DbtCliResource]:
    """DbtCli while dagster-dbt's private members are as it expects, else the plain resource
    (logged once per process: dbt builds work, ~5 s slower)."""
    changed = private_hooks_changed(base)
    if not changed:
        return DbtCli
    logging.getLogger(__name__).warning(
        "dagster-dbt changed what DbtCli overrides (%s): using the plain DbtCliResource", "; ".join(changed))
    return base


def dbt_resource() -> DbtCliResource:
    return dbt_resource_class()(project_dir=project, dbt_executable=DBT_EXECUTABLE)


def resources(home: Home | None = None, progress_on_stderr: bool = False) -> dict:
    """The resources of one home (default: $REGIOMONITOR_HOME or ./regiomonitor-home, resolved at run time)."""
    return {"home": HomeResource(path=str(home.root) if home else ""), "dbt": dbt_resource(),
            "progress": Progress(stderr=progress_on_stderr)}
