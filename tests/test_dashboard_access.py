"""Access per partnership on a real published snapshot of three regions: viewers signed in through
Streamlit's OIDC login (AppTest's `user`, with an [auth] section in the secrets) and the access
file HOME/access.yaml. Every page is rendered with every option of every filter, and every element
the page renders and every byte of every download is searched for what the viewer may not see."""
from __future__ import annotations

import random
import re
import shutil
import string
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from dashboards import access
from deployment.home import Home
from tests.dashboard_support import (ADMIN, APP, AUTH, PAGES, PARTNER, PARTNER2, REGION, SIDEBAR_KEYS, STRANGER, World,
                                     capture_downloads, clean, download_text, filters, goto, leaks, rendered, signed_in,
                                     sql)
from tests.support import read_csv_download

# -- everything a page shows -------------------------------------------------------------------------


def walk_every_filter(at: AppTest, page: str, forbidden: set[str], downloads: list) -> int:
    """Open the page and choose every option of every filter in turn; after each render nothing
    forbidden is on the page or in a download. Returns the number of renders."""
    goto(at, page)
    renders = 1
    assert not leaks(rendered(at), forbidden), (page, leaks(rendered(at), forbidden))
    for key in filters(at):
        for i in range(len(at.selectbox(key=key).options)):
            box = at.selectbox(key=key)
            if i >= len(box.options):          # an earlier choice changed this filter's options
                break
            box.select_index(i).run()
            clean(at)
            renders += 1
            found = leaks(rendered(at), forbidden)
            assert not found, (page, key, box.options[i], found)
    for name, data in downloads:
        found = leaks(download_text(name, data), forbidden)
        assert not found, (page, name, found)
    return renders


# == a partnership viewer ============================================================================
@pytest.mark.parametrize("page", PAGES)
def test_a_partnership_viewer_never_sees_another_partnerships_name_or_code(world, monkeypatch, downloads, page):
    w = world
    forbidden = w.outside_region() | {c for c in w.others} | {w.name(c) for c in w.others}
    allowed = [w.partner, w.name(w.partner), w.region, w.regions[w.region]]
    assert not [f for f in forbidden for a in allowed if f.casefold() in a.casefold()]   # the search can tell
    at = signed_in(w.home, monkeypatch, PARTNER)
    renders = walk_every_filter(at, page, forbidden, downloads)
    assert renders > 1 or page == "doorstroom" or not filters(at)
    assert downloads, "no download was rendered"
    text = rendered(at)
    if page != "datakwaliteit":
        assert w.regions[w.region] in text        # its own region, by name
    assert "Partnerschap" in text or page in ("capaciteit", "doorstroom", "datakwaliteit")


def test_a_partnership_viewer_sees_its_own_rows_by_name_and_the_others_under_stable_labels(world, monkeypatch,
                                                                                          downloads):
    w = world
    at = all_partnerships(signed_in(w.home, monkeypatch, PARTNER))
    options = at.selectbox(key="kosten_partnership").options
    assert f"{w.name(w.partner)} ({w.partner})" in options
    labels = [o for o in options if o.startswith("Partnerschap ")]
    assert len(labels) == len(w.others) and sorted(labels) == labels
    table = last_csv(downloads, "kosten_")
    assert set(table["partnerschap"]) <= {own_label(w)} | set(labels)
    mapping = label_to_code(w, table)
    assert sorted(mapping.values()) == sorted(w.others)

    # the same labels on another page, in another session, and for another partnership's viewer
    goto(at, "uitval")
    side = last_csv(downloads, "uitval_")
    programme, mode, cohort = (at.selectbox(key=f"uitval_{k}").value for k in ("programme", "mode", "cohort"))
    for label, rows in side.groupby("partnerschap"):
        if label == own_label(w):
            continue
        code = mapping[label]
        real = sql(w.home, "select horizon_years, cohort_size, national_dropout_rate from marts.dropout_cohort "
                           "where partnership_code = ? and programme_type = ? and study_mode = ? and cohort_year = ? "
                           "order by horizon_years", [code, programme, mode, cohort])
        assert rows.sort_values("na jaren")["na jaren"].tolist() == real["horizon_years"].tolist()
        assert rows.sort_values("na jaren")["cohortgrootte"].fillna(-1).tolist() == \
            real["cohort_size"].fillna(-1).tolist()
    all_partnerships(signed_in(w.home, monkeypatch, PARTNER))
    assert label_to_code(w, last_csv(downloads, "kosten_")) == mapping
    all_partnerships(signed_in(w.home, monkeypatch, PARTNER2))
    seen_by_other = label_to_code(w, last_csv(downloads, "kosten_"))
    third = {label: code for label, code in mapping.items() if code != w.partner2}
    assert {label: code for label, code in seen_by_other.items() if code in third.values()} == third


def all_partnerships(at: AppTest) -> AppTest:
    """Kosten with every partnership of the region (a partnership viewer opens on its own)."""
    goto(at, "kosten")
    at.selectbox(key="kosten_partnership").set_value("__alle__").run()
    return clean(at)


def last_csv(downloads: list, prefix: str) -> pd.DataFrame:
    """The last CSV download of this name with rows per partnership."""
    tables = [read_csv_download(data) for name, data in downloads if name.startswith(prefix) and name.endswith(".csv")]
    return [t for t in tables if "partnerschap" in t.columns][-1]


def own_label(w: World) -> str:
    """The viewer's own partnership as the tables and downloads name it."""
    return f"{w.name(w.partner)} ({w.partner})"


def label_to_code(w: World, table: pd.DataFrame) -> dict[str, str]:
    """Which partnership each label stands for, found by its cost rows (year, euros) in the mart."""
    real = sql(w.home, "select partnership_code, academic_year, supervision_cost_eur from "
                       "marts.cost_per_supervised_student where region_code = ?", [w.region])
    euros = lambda s: [int(Decimal(repr(float(v))).quantize(Decimal(1), rounding=ROUND_HALF_UP)) for v in s]
    by_rows = {frozenset(zip(rows["academic_year"], euros(rows["supervision_cost_eur"]))): code
               for code, rows in real.groupby("partnership_code")}
    return {label: by_rows[frozenset(zip(rows["jaar"], rows["begeleidingskosten"].astype(int)))]
            for label, rows in table.groupby("partnerschap") if label != own_label(w)}


def test_url_parameters_cannot_reach_another_partnership(world, monkeypatch, downloads):
    w = world
    victim, region_elsewhere = w.others[-1], next(c for c in w.regions if c != w.region)
    forbidden = w.outside_region() | set(w.others) | {w.name(c) for c in w.others}
    at = signed_in(w.home, monkeypatch, PARTNER)
    for value in (victim, w.name(victim), f"{w.name(victim)} ({victim})",       # codes, names, labels as
                  region_elsewhere, f"{w.regions[region_elsewhere]} ({region_elsewhere})",   # an admin's link has them
                  next(c for c, (_, r) in w.partnerships.items() if r != w.region)):
        for page in PAGES:
            at = signed_in(w.home, monkeypatch, PARTNER)     # each link opens a new session
            at.query_params = {k: value for k in ("overzicht_scope", "uitval_region", "uitval_partnership",
                                                  "kosten_region", "kosten_partnership", "capaciteit_region",
                                                  "doorstroom_region", "dq_feed", "dq_status")}
            goto(at, page)
            found = leaks(rendered(at), forbidden)
            assert not found, (value, page, found)
            assert value not in [s.value for s in at.selectbox]
    for name, data in downloads:
        assert not leaks(download_text(name, data), forbidden), name
    at.query_params = {}
    goto(at, "kosten")
    label = [o for o in at.selectbox(key="kosten_partnership").options if o.startswith("Partnerschap ")][-1]
    link = signed_in(w.home, monkeypatch, PARTNER)        # a label is a valid link, opened in a new session
    link.query_params = {"kosten_partnership": label}
    goto(link, "kosten")
    assert link.selectbox(key="kosten_partnership").value == label


# == a region viewer =================================================================================
@pytest.mark.parametrize("page", PAGES)
def test_a_region_viewer_sees_only_its_region(world, monkeypatch, downloads, page):
    w = world
    at = signed_in(w.home, monkeypatch, REGION)
    walk_every_filter(at, page, w.outside_region(), downloads)
    text = rendered(at)
    assert "Partnerschap A" not in text                  # a region sees its partnerships by name
    if page in ("uitval", "kosten", "capaciteit", "doorstroom"):
        assert at.selectbox(key=f"{page}_region").options == [f"{w.regions[w.region]} ({w.region})"]
    if page == "overzicht":
        scopes = set(sql(w.home, "select scope_code from marts.kpi_scorecard").iloc[:, 0])
        mine = {w.region} | {c for c, (_, r) in w.partnerships.items() if r == w.region}
        assert len(at.selectbox(key="overzicht_scope").options) == len(scopes & mine) < len(scopes)


def test_an_admin_sees_every_region(world, monkeypatch):
    at = signed_in(world.home, monkeypatch, ADMIN)
    goto(at, "capaciteit")
    assert len(at.selectbox(key="capaciteit_region").options) == len(world.regions)
    assert "demo_viewer" not in [s.key for s in at.selectbox]
    assert [c.value for c in at.sidebar.caption if c.value == f"Ingelogd als {ADMIN}"]


# == nobody, or someone unknown =======================================================================
def assert_no_data(at: AppTest) -> None:
    assert not at.dataframe and not at.download_button and not at.metric
    assert not at.get("arrow_vega_lite_chart") and not at.get("vega_lite_chart")
    with pytest.raises(KeyError):
        at.get_by_key("headline")


@pytest.mark.parametrize("page", PAGES)
def test_an_unknown_user_sees_nothing(world, monkeypatch, page):
    at = signed_in(world.home, monkeypatch, STRANGER)
    goto(at, page)
    assert_no_data(at)
    assert [m.value for m in at.warning if STRANGER in m.value and "geen toegang" in m.value]
    at = signed_in(world.home, monkeypatch, None)         # nobody signed in: only the sign-in button
    goto(at, page)
    assert_no_data(at)
    assert [b.label for b in at.button] == ["Inloggen"]


def test_a_named_provider_gets_its_own_sign_in_button(world, monkeypatch):
    at = signed_in(world.home, monkeypatch, None)
    at.secrets = {"auth": {k: v for k, v in AUTH.items() if k in ("redirect_uri", "cookie_secret")}
                  | {"microsoft": {k: v for k, v in AUTH.items() if k.startswith(("client", "server"))}}}
    goto(at, "overzicht")
    assert [b.label for b in at.button] == ["Inloggen met microsoft"]


def test_without_an_access_file_a_signed_in_user_sees_nothing(world, tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    (home / "published.duckdb").write_bytes((world.home / "published.duckdb").read_bytes())
    at = signed_in(home, monkeypatch, ADMIN)
    goto(at, "kosten")
    assert_no_data(at)
    assert [m.value for m in at.warning if "geen toegangsbestand" in m.value]


@pytest.mark.parametrize("content", ["users: [not, a, mapping", "users:\n  a@b.nl: {role: koning}",
                                     "users:\n  a@b.nl: {role: region}", "gebruikers: {}"])
def test_a_broken_access_file_shows_nothing_to_anyone_and_says_why(world, tmp_path, monkeypatch, content):
    home = tmp_path / "home"
    home.mkdir()
    (home / "published.duckdb").write_bytes((world.home / "published.duckdb").read_bytes())
    (home / access.ACCESS_FILE).write_text(content)
    at = signed_in(home, monkeypatch, ADMIN)
    at.run()
    assert not at.exception
    assert [e.value for e in at.error if "toegangsbestand is niet te lezen" in e.value and str(home) in e.value]
    assert_no_data(at)


# == the demo selector ===============================================================================
def test_the_view_as_selector_exists_only_in_a_demo_home(world, tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    (home / "published.duckdb").write_bytes((world.home / "published.duckdb").read_bytes())
    monkeypatch.setenv("REGIOMONITOR_HOME", str(home))

    plain = AppTest.from_file(str(APP), default_timeout=120)          # neither login nor demo: nothing
    for page in PAGES:
        goto(plain, page)
        assert_no_data(plain)
        assert "demo_viewer" not in [s.key for s in plain.selectbox]
        assert [i.value for i in plain.info if "Toegang is nog niet ingericht" in i.value
                and str(home / "access.yaml") in i.value and "[auth]" in i.value]

    Home(home).mark_demo()
    demo = AppTest.from_file(str(APP), default_timeout=120)
    goto(demo, "kosten")
    assert [w.value for w in demo.warning if w.value.startswith("**Demo**")]
    viewers = demo.sidebar.selectbox(key="demo_viewer")
    assert len(viewers.options) == 1 + len(world.regions) + len(world.partnerships)
    assert len(demo.selectbox(key="kosten_region").options) == len(world.regions)    # the admin first
    partner = f"{world.partner.lower()}@demo.regiomonitor.nl"
    viewers.set_value(partner).run()
    goto(demo, "kosten")                               # the choice holds on another page
    assert demo.sidebar.selectbox(key="demo_viewer").value == partner
    assert demo.selectbox(key="kosten_region").options == [f"{world.regions[world.region]} ({world.region})"]
    assert [o for o in demo.selectbox(key="kosten_partnership").options if o.startswith("Partnerschap ")]

    signed = signed_in(home, monkeypatch, STRANGER)        # a demo home with login set up: login wins
    goto(signed, "kosten")
    assert "demo_viewer" not in [s.key for s in signed.selectbox]
    assert not [w for w in signed.warning if w.value.startswith("**Demo**")]
    assert_no_data(signed)


# == access by code: what a sender renames changes nothing ===========================================
def seen(at: AppTest, page: str) -> dict:
    """What a viewer sees of a page: the filters' options, the tables, the Markdown (headlines...)."""
    goto(at, page)
    return {"filters": {s.key: list(s.options) for s in at.selectbox if s.key not in SIDEBAR_KEYS},
            "tables": [d.value.to_csv(index=False) for d in at.main.dataframe],
            "text": [m.value for m in at.main.markdown]}


def renamed_home(w: World, tmp_path: Path, code: str, name: str) -> Path:
    """A copy of the home whose snapshot carries partnership `code` under `name`."""
    home = tmp_path / f"home-{len(list(tmp_path.iterdir()))}"
    home.mkdir()
    shutil.copy(w.home / "published.duckdb", home / "published.duckdb")
    shutil.copy(w.home / access.ACCESS_FILE, home / access.ACCESS_FILE)
    con = duckdb.connect(str(home / "published.duckdb"))
    try:
        con.execute("update marts.partnerships set partnership_name = ? where partnership_code = ?", [name, code])
    finally:
        con.close()
    return home


def test_a_partnership_renamed_by_its_sender_changes_nothing_for_viewers_granted_by_code(world, tmp_path,
                                                                                          monkeypatch):
    """Another region's sender renames its partnership to a partnership code, a region code, a fixed
    value or another partnership's or region's name: the viewers granted by code see exactly what
    they saw (not the renamed partnership's rows, not a blank page)."""
    w = world
    other = next(c for c, (_, r) in sorted(w.partnerships.items()) if r != w.region)
    pages = ["uitval", "kosten"]
    before = {(who, page): seen(signed_in(w.home, monkeypatch, who), page) for who in (PARTNER, REGION)
              for page in pages}
    assert all(v["tables"] for v in before.values())
    for name in [w.partner, w.region, "voltijd", w.name(w.partner), w.regions[w.region]]:
        home = renamed_home(w, tmp_path, other, name)
        for (who, page), expected in before.items():
            at = signed_in(home, monkeypatch, who)
            assert seen(at, page) == expected, (name, who, page)
            assert not at.error and not at.warning, (name, who, [e.value for e in at.error])


def test_a_name_in_the_access_file_that_no_longer_stands_for_one_partnership_is_refused(world, tmp_path,
                                                                                         monkeypatch):
    """PARTNER2 is granted by name; when another region's sender takes that name, the grant is
    refused with a clear error instead of showing either partnership."""
    w = world
    other = next(c for c, (_, r) in sorted(w.partnerships.items()) if r != w.region)
    home = renamed_home(w, tmp_path, other, w.name(w.partner2))
    at = signed_in(home, monkeypatch, PARTNER2)
    at.run()
    at.switch_page("reports/kosten.py").run()
    assert not at.exception
    assert_no_data(at)
    assert [e.value for e in at.error if "niet voor precies één code" in e.value and "meer dan één" in e.value]
    assert not leaks(rendered(at), {other, w.partner2})
    at = signed_in(w.home, monkeypatch, PARTNER2)             # the unchanged snapshot: the name is the convenience
    goto(at, "kosten")
    assert f"{w.name(w.partner2)} ({w.partner2})" in at.selectbox(key="kosten_partnership").options


def test_grants_resolve_codes_and_only_unambiguous_names():
    ref = access.Reference(
        regions={"OR-A": "Regio A", "OR-B": "Regio B"},
        partnerships={"SOP-A1": ("Opleiden A", "OR-A"), "SOP-A2": ("Tweede", "OR-A"),
                      "SOP-B1": ("Opleiden A", "OR-B"), "SOP-B2": ("Voltijd", "OR-B"), "SOP-B3": ("OR-A", "OR-B"),
                      "SOP-B4": ("2024", "OR-B"), "SOP-B5": ("SOP-A2", "OR-B"), "SOP-B6": ("Uniek", "OR-B")},
        schools={"10AA00": "OR-A"})
    assert ref.resolve("partnership", "sop-a1") == ("SOP-A1", None)              # a code, in any case
    assert ref.resolve("partnership", " Uniek ") == ("SOP-B6", None)             # a name of one partnership
    assert ref.resolve("region", "regio a") == ("OR-A", None)
    assert ref.resolve("partnership", "SOP-A2") == ("SOP-A2", None)              # the code wins over a name
    assert ref.resolve("partnership", "Opleiden A") == (None, access.SHARED)
    assert ref.resolve("partnership", "or-a") == (None, access.CODE)
    assert ref.resolve("partnership", "voltijd") == (None, access.FIXED)
    assert ref.resolve("partnership", "2024") == (None, access.FIXED)
    assert ref.resolve("partnership", "Nergens") == (None, access.UNKNOWN)
    s = access.scope(access.Grant(role="partnership", partnerships=("Opleiden A", "SOP-A1", "Nergens")), ref, b"k")
    assert s.named == {"SOP-A1"} and s.refused == {"Opleiden A": access.SHARED} and s.problems == ("Nergens",)
    region = access.scope(access.Grant(role="region", regions=("OR-A",)), ref, b"k")
    rows = pd.DataFrame({"region_code": ["OR-A", "OR-A", "OR-B"], "partnership_code": ["SOP-A1", "SOP-A2", "SOP-B2"],
                         "study_mode": ["voltijd", "deeltijd", "voltijd"], "year": ["2024", "2024", "2024"]})
    assert region.rows(rows)["partnership_code"].tolist() == ["SOP-A1", "SOP-A2"]   # nothing blanked by a name
    partner = access.scope(access.Grant(role="partnership", partnerships=("SOP-A1",)), ref, b"k")
    assert partner.rows(rows)["partnership_code"].tolist() == ["SOP-A1", partner.labels["SOP-A2"]]
    assert set(access.demo_grants(ref)["sop-a1@demo.regiomonitor.nl"].partnerships) == {"SOP-A1"}


# == the access file and the labels, on their own ======================================================
def test_the_access_file_is_read_case_insensitively_and_checked(tmp_path):
    path = tmp_path / "access.yaml"
    assert access.load(path) is None
    path.write_text("users:\n  Beheer@Regio.NL: {role: admin}\n  x@y.nl: {role: partnership, "
                    "partnerships: [Opleidingsschool Rijnmond]}\n")
    grants = access.load(path)
    assert grants["beheer@regio.nl"].role == "admin"
    assert grants["x@y.nl"].partnerships == ("Opleidingsschool Rijnmond",)
    for bad, why in [("users:\n  a@b.nl: {role: admin, regions: [X]}", "admin sees everything"),
                     ("users:\n  a@b.nl: {role: partnership, regions: [X]}", "needs `partnerships`"),
                     ("users:\n  a@b.nl: {role: region, regions: [X], extra: 1}", "extra"),
                     ("users: {a@b.nl: {role: region, regions: [X]}", "not valid YAML")]:
        path.write_text(bad)
        with pytest.raises(access.AccessFileError, match=re.escape(why) if why != "extra" else "Extra inputs"):
            access.load(path)


def test_labels_are_stable_and_do_not_follow_the_code_order():
    rng = random.Random(7)
    in_code_order = 0
    for i in range(300):
        codes = sorted({"SOP-" + "".join(rng.choices(string.ascii_uppercase, k=4)) for _ in range(5)})
        ref = access.Reference(regions={"R": "Regio"}, partnerships={c: (c.lower(), "R") for c in codes})
        got = access.labels(ref, b"key-1")
        assert got == access.labels(ref, b"key-1")                        # stable
        assert sorted(got.values()) == [f"Partnerschap {x}" for x in "ABCDE"[:len(codes)]]
        in_code_order += [got[c] for c in codes] == sorted(got.values())
    assert in_code_order < 30          # a random order is the code order once in 5! = 120 regions
    ref = access.Reference(regions={"R": "R"}, partnerships={f"P{i:02d}": ("x", "R") for i in range(30)})
    assert "Partnerschap AD" in access.labels(ref, b"k").values()        # more than 26 partnerships


def test_the_scope_hides_text_that_names_what_is_not_visible():
    ref = access.Reference(regions={"R1": "Regio Een", "R2": "Regio Twee"},
                           partnerships={"P1": ("Opleiden Noord", "R1"), "P2": ("Opleiden Noord Oost", "R1"),
                                         "P3": ("Elders", "R2")},
                           schools={"S1": "R1", "S2": "R2"})
    s = access.scope(access.Grant(role="partnership", partnerships=("opleiden noord",)), ref, b"k")
    label = s.labels["P2"]
    df = pd.DataFrame({"sender": ["P1", "P2", "P3", "S1", "S2", "NL"],
                       "file_name": ["P1_2024.csv", "p2_2024.csv", "P3_2024.csv", "S1.csv", "S2.csv", "x.csv"],
                       "message": [None, "van Opleiden Noord Oost", None, "Regio Een", None, "Regio Twee?"]})
    out = s.rows(df)
    assert out["sender"].tolist() == ["P1", label, "S1"]          # hidden rows gone; own, labels, the rest
    assert out["file_name"].tolist() == ["P1_2024.csv", f"{label}_2024.csv", "S1.csv"]
    assert out["message"].tolist()[1] == f"van {label}"
    assert s.params([label, "P3", "Regio Twee", "P1", 2024]) == ("P2", None, None, "P1", 2024)
    assert list(s.rows(df[df["sender"] == "P3"]).columns) == list(df.columns)   # no rows left, the same columns
    assert access.NOTHING.rows(df).empty and access.EVERYTHING.rows(df).equals(df)


def test_scopes_share_where_names_occur_but_each_decides_what_it_shows():
    """Every scope of one snapshot finds the codes and names in a text by the same (cached) matches;
    what a match becomes is its own: kept, a label or the row hidden, whichever scope asked first."""
    ref = access.Reference(regions={"R1": "Regio Een", "R2": "Regio Twee"},
                           partnerships={"P1": ("Opleiden Noord", "R1"), "P2": ("Opleiden Zuid", "R1"),
                                         "P3": ("Elders", "R2")})
    p1 = access.scope(access.Grant(role="partnership", partnerships=("P1",)), ref, b"k")
    p2 = access.scope(access.Grant(role="partnership", partnerships=("P2",)), ref, b"k")
    r2 = access.scope(access.Grant(role="region", regions=("R2",)), ref, b"k")
    df = pd.DataFrame({"message": ["Opleiden Noord en Opleiden Zuid", "Elders_2024.csv", "Regio Een"]})
    for _ in range(2):       # twice: the second round reads the matches the first one kept
        assert p1.rows(df)["message"].tolist() == [f"Opleiden Noord en {p1.labels['P2']}", "Regio Een"]
        assert p2.rows(df)["message"].tolist() == [f"{p2.labels['P1']} en Opleiden Zuid", "Regio Een"]
        assert r2.rows(df)["message"].tolist() == ["Elders_2024.csv"]
    assert p1._matcher is p2._matcher is r2._matcher

# -- a partnership's own rows, unsuppressed for its own viewers only (marts.md, contract 2) -----------
def own_shielded_cohort(w: World, code: str) -> pd.Series:
    """The partnership's largest horizon-1 dropout_cohort row that the shared snapshot shields, as its
    own extract holds it."""
    from deployment import own_detail
    extract = sql(w.home, "select own_detail from ops.snapshot").iloc[0, 0]
    folder = own_detail.partition(w.home, extract, "dropout_cohort", code)
    assert folder is not None
    con = duckdb.connect()
    try:
        rows = con.execute(f"select * from read_parquet('{folder}/*.parquet') where shielded_in_snapshot "
                           "and horizon_years = 1 and dropped_out > 0 order by cohort_size desc, cohort_year desc").df()
    finally:
        con.close()
    assert len(rows), "the partnership has no shielded row of its own: the test proves nothing"
    return rows.iloc[0]


def uitval_at(at: AppTest, row: pd.Series, partnership: str) -> AppTest:
    goto(at, "uitval")
    for key, value in (("region", row.region_code), ("partnership", partnership), ("programme", row.programme_type),
                       ("mode", row.study_mode), ("cohort", int(row.cohort_year)), ("horizon", 1)):
        at.selectbox(key=f"uitval_{key}").set_value(value).run()
        clean(at)
    return at


def test_a_partnership_viewer_sees_its_own_shielded_rows_and_nobody_else_does(world, monkeypatch, downloads):
    from dashboards.formatting import pct
    w = world
    row = own_shielded_cohort(w, w.partner)
    rate = pct(row.dropout_rate)

    at = uitval_at(signed_in(w.home, monkeypatch, PARTNER), row, w.partner)
    text = at.get_by_key("headline").markdown[0].value
    assert f"viel {rate} van de " in text and "afgeschermd" not in text
    table = at.get_by_key("uitval_block").dataframe[0].value
    mine = table[table["zichtbaar voor"] == "alleen voor u"]
    assert int(row.cohort_size) in set(mine["cohortgrootte"].dropna().astype(int))
    assert any("alleen voor u" in c.value for c in at.caption)
    # the download holds the row as everyone else sees it
    csv = last_csv(downloads, "uitval_")
    assert "zichtbaar voor" not in csv.columns
    own = csv[(csv["partnerschap"] == own_label(w)) & (csv["na jaren"] == 1)]
    assert len(own) == 1 and own["cohortgrootte"].isna().all() and own["uitval (%)"].isna().all()
    assert own["afgeschermd"].eq("ja").all()

    # the region's analyst sees the same row shielded, and no row "only you" anywhere on the page
    region = uitval_at(signed_in(w.home, monkeypatch, REGION), row, w.partner)
    text = region.get_by_key("headline").markdown[0].value
    assert "afgeschermd" in text and rate not in text
    assert "zichtbaar voor" not in region.get_by_key("uitval_block").dataframe[0].value.columns
    assert "alleen voor u" not in rendered(region)
    # the region's other partnership's viewer sees rows "only you" only of its own
    other = signed_in(w.home, monkeypatch, PARTNER2)
    goto(other, "uitval")
    assert w.partner not in rendered(other) and str(row.dropout_rate) not in rendered(other)


def test_a_partnership_viewer_opens_every_page_on_its_own_partnership(world, monkeypatch):
    w = world
    at = signed_in(w.home, monkeypatch, PARTNER)
    at.run()
    assert clean(at).selectbox(key="overzicht_scope").value == w.partner
    for page, key in (("uitval", "uitval_partnership"), ("kosten", "kosten_partnership")):
        goto(at, page)
        assert at.selectbox(key=key).value == w.partner, page
        assert at.selectbox(key=f"{page}_region").value == w.region, page
    region = signed_in(w.home, monkeypatch, REGION)     # a region's analyst opens on its region's figures
    goto(region, "kosten")
    assert region.selectbox(key="kosten_partnership").value == "__alle__"
    assert region.selectbox(key="kosten_region").value == w.region


def test_a_region_sees_its_figure_among_every_regions_figure_and_no_other_regions_name(world, monkeypatch):
    """Peer comparison: the Overzicht charts every region's region-level KPI, the viewer's own
    region by name, the others as anonymous dots; students without a place as a rate per 100 requests."""
    w = world
    at = signed_in(w.home, monkeypatch, REGION)
    at.run()
    clean(at)
    year = at.selectbox(key="overzicht_year").value
    expected = sql(w.home, "select scope_code, value from marts.kpi_scorecard where scope_type = 'region' and "
                           "kpi = 'cost_per_supervised_student' and academic_year = ? and value is not null", [year])
    assert len(expected) >= 2, "the test world should have several regions with a value"
    charts = [pa.ipc.open_stream(d.data.data).read_all().to_pandas()
              for c in at.get("vega_lite_chart") for d in c.proto.datasets]
    peer = [c for c in charts if set(c.columns) >= {"value", "own", "who"} and len(c) == len(expected)]
    assert peer, [list(c.columns) for c in charts]
    dots = peer[0]
    assert sorted(dots["value"].round(6)) == sorted(expected["value"].astype(float).round(6))
    assert dots["own"].sum() == 1
    assert float(dots.loc[dots["own"], "value"].iloc[0]) == pytest.approx(
        float(expected.set_index("scope_code").loc[w.region, "value"]))
    assert not leaks(rendered(at), w.outside_region())
    unplaced = sql(w.home, "select region_code, 100.0 * sum(students_unplaced) / sum(placement_requests) as v "
                           "from marts.capacity_region where academic_year = ? group by 1", [year])
    rates = [c for c in charts if set(c.columns) >= {"value", "own"} and len(c) == len(unplaced)
             and sorted(c["value"].round(6)) == sorted(unplaced["v"].round(6))]
    assert rates, "students without a place appear as a rate per 100 requests among the regions"


@pytest.fixture
def downloads(monkeypatch) -> list:
    """The bytes of every download button rendered during the test."""
    return capture_downloads(monkeypatch)
