"""Resources: the home folder (paths and pseudonymisation secret) and the dbt CLI."""
from __future__ import annotations

import importlib.metadata
import sys
from functools import cached_property
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource
from packaging import version

from orchestration.dbt_project import project
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
    column metadata, which this project does not fetch."""

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(importlib.metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):
        return None


def resources() -> dict:
    return {"home": HomeResource(), "dbt": DbtCli(project_dir=project, dbt_executable=DBT_EXECUTABLE)}
