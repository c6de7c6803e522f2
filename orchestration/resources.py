"""Resources: the home folder (paths and pseudonymisation secret) and the dbt CLI."""
from __future__ import annotations

import sys
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource

from orchestration.dbt_project import project
from orchestration.home import Home


DBT_EXECUTABLE = str(Path(sys.executable).with_name("dbt"))   # the dbt of this environment


class HomeResource(dg.ConfigurableResource):
    """The deployment's home folder; by default $REGIOMONITOR_HOME or ./regiomonitor-home."""
    path: str = ""

    @property
    def home(self) -> Home:
        return Home.resolve(self.path or None)


def resources() -> dict:
    return {"home": HomeResource(), "dbt": DbtCliResource(project_dir=project, dbt_executable=DBT_EXECUTABLE)}
