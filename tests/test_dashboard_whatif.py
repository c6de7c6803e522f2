"""The Capaciteit what-if (dashboards.whatif): the remedies recompute the gaps and the scarcity type
with the rules of marts.md. Pure function, tested on hand-made rows; that it reproduces the real
mart without remedies is tested in test_dashboard.py."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboards.whatif import Remedies, apply, scarcity_type


def rows(*specs) -> pd.DataFrame:
    """(region, year, sector, places, requests, placed, fte_available, fte_required)"""
    return pd.DataFrame(specs, columns=["region_code", "academic_year", "sector", "places_offered",
                                        "placement_requests", "students_placed", "supervision_fte_available",
                                        "supervision_fte_required"])


def one(df: pd.DataFrame, sector: str = "po", region: str = "R1", year: int = 2024) -> pd.Series:
    hit = df[(df["sector"] == sector) & (df["region_code"] == region) & (df["academic_year"] == year)]
    assert len(hit) == 1
    return hit.iloc[0]


@pytest.mark.parametrize("requests, places, required, available, expected", [
    (10, 10, 1.0, 1.0, "geen"),            # equal is not short
    (11, 10, 1.0, 1.0, "leerwerkplekken"),
    (10, 10, 1.01, 1.0, "begeleiders"),
    (11, 10, 1.01, 1.0, "beide"),
    (0, 0, 0.0, 0.0, "geen"),
])
def test_scarcity_type_follows_the_mart_rules(requests, places, required, available, expected):
    assert scarcity_type(requests, places, required, available) == expected


def test_without_remedies_every_figure_is_the_marts_own():
    df = rows(("R1", 2024, "po", 10, 12, 10, 0.4, 0.5), ("R1", 2024, "vo", 20, 15, 15, 1.0, 0.75))
    out = apply(df)
    assert list(out["scarcity_before"]) == list(out["scarcity_after"]) == ["beide", "geen"]
    assert list(out["fte_required_after"]) == [0.5, 0.75]
    assert list(out["fte_available_after"]) == [0.4, 1.0]
    assert list(out["places_after"]) == [10, 20] and list(out["placed_after"]) == [10, 15]


def test_duo_placements_halve_the_supervision_for_their_share():
    df = rows(("R1", 2024, "po", 20, 20, 20, 0.6, 1.0))          # 20 placed x 0.05 = 1.0 fte needed
    assert one(apply(df))["scarcity_after"] == "begeleiders"
    half = one(apply(df, Remedies(duo_share=0.5)))
    assert half["fte_required_after"] == pytest.approx(0.75)     # half the students in pairs: 1.0 x (1 - 0.25)
    assert half["scarcity_after"] == "begeleiders"
    full = one(apply(df, Remedies(duo_share=1.0)))
    assert full["fte_required_after"] == pytest.approx(0.5)
    assert full["fte_gap_after"] == pytest.approx(-0.1)
    assert full["scarcity_after"] == "geen"
    assert full["scarcity_before"] == "begeleiders"


def test_extra_places_go_to_unplaced_students_who_then_need_supervision():
    df = rows(("R1", 2024, "vo", 10, 20, 10, 1.0, 0.5))          # 10 unplaced; fte ample
    five = one(apply(df, Remedies(extra_places=5)), "vo")
    assert (five["places_after"], five["placed_after"], five["unplaced_after"]) == (15, 15, 5)
    assert five["fte_required_after"] == pytest.approx(0.75)     # the mart's 0.05 per placed student
    assert five["scarcity_after"] == "leerwerkplekken"
    ten = one(apply(df, Remedies(extra_places=10)), "vo")
    assert ten["scarcity_after"] == "geen" and ten["unplaced_after"] == 0
    many = one(apply(df, Remedies(extra_places=50)), "vo")
    assert many["placed_after"] == 20                             # never more than requested
    assert many["fte_required_after"] == pytest.approx(1.0)


def test_extra_places_can_turn_a_place_shortage_into_a_supervisor_shortage():
    df = rows(("R1", 2024, "po", 10, 20, 10, 0.5, 0.5))
    out = one(apply(df, Remedies(extra_places=10)))
    assert (out["scarcity_before"], out["scarcity_after"]) == ("leerwerkplekken", "begeleiders")


def test_a_sector_without_placed_students_uses_the_norm():
    df = rows(("R1", 2024, "mbo", 0, 4, 0, 0.1, 0.0))
    out = one(apply(df, Remedies(extra_places=4)), "mbo")
    assert out["fte_required_after"] == pytest.approx(4 * 0.05)
    assert out["scarcity_after"] == "begeleiders"


def test_pooling_moves_surplus_fte_to_the_gaps_of_the_same_region_and_year_only():
    df = rows(("R1", 2024, "po", 10, 10, 10, 0.0, 0.5),    # gap 0.5
              ("R1", 2024, "vo", 10, 10, 10, 1.5, 0.5),    # surplus 1.0
              ("R1", 2023, "po", 10, 10, 10, 0.0, 0.5),    # another year: nothing to share
              ("R2", 2024, "po", 10, 10, 10, 0.0, 0.5))    # another region: nothing to share
    half = apply(df, Remedies(pooling_share=0.5))
    assert one(half, "po")["fte_available_after"] == pytest.approx(0.5)  # 0.5 x 1.0 surplus covers the 0.5 gap
    assert one(half, "po")["scarcity_after"] == "geen"
    assert one(half, "vo")["fte_available_after"] == pytest.approx(1.0)
    assert one(half, "po", year=2023)["scarcity_after"] == "begeleiders"
    assert one(half, "po", region="R2")["scarcity_after"] == "begeleiders"
    quarter = apply(df, Remedies(pooling_share=0.25))
    assert one(quarter, "po")["fte_gap_after"] == pytest.approx(0.25)
    assert one(quarter, "po")["scarcity_after"] == "begeleiders"
    full = apply(df, Remedies(pooling_share=1.0))                       # never more than the gap moves
    assert one(full, "po")["fte_available_after"] == pytest.approx(0.5)
    assert one(full, "vo")["fte_available_after"] == pytest.approx(1.0)


def test_pooling_shares_the_pool_in_proportion_to_the_gaps():
    df = rows(("R1", 2024, "po", 10, 10, 10, 0.0, 0.3), ("R1", 2024, "mbo", 10, 10, 10, 0.0, 0.1),
              ("R1", 2024, "vo", 10, 10, 10, 0.6, 0.4))    # surplus 0.2 against gaps 0.3 + 0.1
    out = apply(df, Remedies(pooling_share=1.0))
    assert one(out, "po")["fte_available_after"] == pytest.approx(0.15)
    assert one(out, "mbo")["fte_available_after"] == pytest.approx(0.05)
    assert one(out, "vo")["fte_available_after"] == pytest.approx(0.4)


@pytest.mark.parametrize("remedies", [dict(duo_share=1.5), dict(duo_share=-0.1), dict(pooling_share=2),
                                      dict(extra_places=-1)])
def test_impossible_remedies_are_refused(remedies):
    with pytest.raises(ValueError):
        Remedies(**remedies)


def test_rows_without_the_needed_columns_are_refused():
    with pytest.raises(ValueError, match="supervision_fte_required"):
        apply(rows(("R1", 2024, "po", 1, 1, 1, 0.1, 0.05)).drop(columns=["supervision_fte_required"]))


row = st.tuples(st.sampled_from(["R1", "R2"]), st.sampled_from([2023, 2024]), st.sampled_from(["po", "vo", "mbo"]),
                st.integers(0, 300), st.integers(0, 300), st.integers(0, 300),
                st.floats(0, 20, allow_nan=False), st.floats(0, 20, allow_nan=False))


@settings(max_examples=150, deadline=None)
@given(specs=st.lists(row, min_size=1, max_size=12, unique_by=lambda r: r[:3]),
       duo=st.floats(0, 1), pool=st.floats(0, 1), extra=st.integers(0, 100))
def test_remedies_never_worsen_a_gap_they_target_and_conserve_the_regions_fte(specs, duo, pool, extra):
    specs = [(r, y, s, p, q, min(pl, q), a, min(pl, q) * 0.05) for r, y, s, p, q, pl, a, _ in specs]
    df = rows(*specs)
    out = apply(df, Remedies(duo, pool, extra))
    by = ["region_code", "academic_year"]
    before = df.groupby(by)["supervision_fte_available"].sum()
    after = out.groupby(by)["fte_available_after"].sum()
    assert after.to_numpy() == pytest.approx(before.to_numpy())          # pooling moves fte, never creates it
    assert (out["places_after"] >= df["places_offered"]).all()
    assert (out["unplaced_after"] >= 0).all() and (out["placed_after"] <= df["placement_requests"]).all()
    no_extra = apply(df, Remedies(duo, 0, 0))
    assert (no_extra["fte_required_after"] <= df["supervision_fte_required"] + 1e-12).all()  # duo only lowers
    for r in out.itertuples():
        assert r.scarcity_after == scarcity_type(r.placement_requests, r.places_after, r.fte_required_after,
                                                 r.fte_available_after)
    if pool == 1:   # a full pool leaves either no gap or no surplus in every region and year
        gaps = out.assign(g=out["fte_gap_after"]).groupby(by)["g"]
        for _, g in gaps:
            assert g.max() <= 1e-9 or g.min() >= -1e-9
