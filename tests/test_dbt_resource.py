"""orchestration.resources.DbtCli overrides two private members of dagster-dbt. This module fails
when an upgrade changes them (name, form, or `cli` no longer calling them), and shows that the
resource then falls back to the plain DbtCliResource, saying so once."""
from __future__ import annotations

import logging

from dagster_dbt import DbtCliResource

from orchestration import resources


def test_dagster_dbts_private_members_are_what_dbtcli_overrides():
    assert resources.private_hooks_changed() == []
    assert type(resources.dbt_resource()) is resources.DbtCli


class RenamedHook(DbtCliResource):
    """dagster-dbt as an upgrade might have it: the adapter hook takes another argument."""

    def _initialize_dbt_core_adapter(self, args, manifest):
        return None


def test_a_changed_hook_falls_back_to_the_plain_resource_and_says_so_once(caplog):
    changed = resources.private_hooks_changed(RenamedHook)
    assert changed == ["_initialize_dbt_core_adapter is (self, args, manifest), expected (self, args)"]
    with caplog.at_level(logging.WARNING, logger="orchestration.resources"):
        first = resources.dbt_resource_class(RenamedHook)
        second = resources.dbt_resource_class(RenamedHook)
    assert first is second is RenamedHook
    warnings = [r.getMessage() for r in caplog.records if r.name == "orchestration.resources"]
    assert len(warnings) == 1 and "using the plain DbtCliResource" in warnings[0]


class NotCalled(DbtCliResource):
    """dagster-dbt as an upgrade might have it: `cli` no longer goes through the overridden hooks."""

    def cli(self, args, **kwargs):
        return super().cli(args, **kwargs)


def test_hooks_that_cli_no_longer_calls_count_as_changed():
    assert resources.private_hooks_changed(NotCalled) == [
        "_cli_version is no longer used by NotCalled.cli",
        "_initialize_dbt_core_adapter is no longer used by NotCalled.cli"]
