"""Who is looking: Streamlit's built-in OIDC login (`st.login`, `st.user`) when `.streamlit/secrets.toml`
has an [auth] section; else, in a demo home, a "view as" selector under a demo banner; otherwise
nobody, with a message how to set access up. The viewer's line in the access file (HOME/access.yaml,
dashboards.access) gives the scope every query of the page runs in."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

from dashboards import access
from dashboards.escape import markdown as md
from dashboards.escape import plain
from dashboards.i18n import t
from dashboards.snapshot import Snapshot, home
from deployment.home import SecretMissing

DEMO_VIEWER = "demo_viewer"


@dataclass(frozen=True)
class Viewer:
    """Who is looking, as the app's main script found out (its sidebar widgets live there, so the
    choice holds on every page)."""

    how: str                                  # "oidc", "demo" or "none"
    email: str | None = None
    grant: access.Grant | None = None
    providers: tuple = ()                     # OIDC providers to offer when nobody is signed in
    file_error: str | None = None             # the access file cannot be read


def viewer(snap: Snapshot) -> Viewer:
    """Who is looking: the signed-in OIDC user, the demo selector's choice, or nobody."""
    h = home()
    try:
        grants, file_error = access.load(h.root / access.ACCESS_FILE), None
    except access.AccessFileError as e:
        grants, file_error = None, str(e)
    providers = _auth_providers()
    if providers is not None:
        if not st.user.is_logged_in:
            return Viewer("oidc", providers=tuple(providers), file_error=file_error)
        email = str(st.user.get("email") or "").strip()
        st.sidebar.caption(t("access.signed_in_as", email=md(email or "?")))
        st.sidebar.button(t("access.sign_out"), key="logout", on_click=st.logout, icon=":material/logout:")
        grant = None if file_error else (grants or {}).get(email.lower()) if email else None
        return Viewer("oidc", email=email, grant=grant, file_error=file_error)
    if h.is_demo and not file_error:
        ref = snap.reference()
        grants = grants or access.demo_grants(ref)
        email = _demo_selector(grants, ref)
        return Viewer("demo", email=email, grant=grants[email])
    return Viewer("none", file_error=file_error)


def scope(snap: Snapshot, who: Viewer | None) -> access.Scope | None:
    """The scope this viewer sees the snapshot in, or None after saying why they see nothing (on
    the page, under its title)."""
    path = home().root / access.ACCESS_FILE
    if who is None:
        return None
    if who.file_error:
        st.error(t("access.bad_file", error=md(who.file_error)))
        return None
    if who.how == "demo":
        st.warning(t("access.demo_banner"), icon=":material/theater_comedy:")
    elif who.how == "none":
        st.info(t("access.not_configured", path=path))
        return None
    elif who.email is None:
        st.info(t("access.sign_in_needed"))
        for provider in who.providers:
            st.button(t("access.sign_in") if provider is None else t("access.sign_in_with", provider=md(provider)),
                      key=f"login_{provider or 'oidc'}", on_click=st.login, args=(provider,) if provider else (),
                      icon=":material/login:")
        return None
    elif not who.email:
        st.warning(t("access.no_email"))
        return None
    elif who.grant is None:
        st.warning(t("access.unknown_user", email=md(who.email), path=path) if path.exists()
                   else t("access.no_file", email=md(who.email), path=path))
        return None
    ref = snap.reference()
    if who.grant.role != "admin" and not ref.partnerships:
        st.warning(t("access.no_reference"))
        return None
    result = access.scope(who.grant, ref, _label_key())
    if result.problems:
        st.warning(t("access.unknown_names", email=md(who.email), names=md(", ".join(result.problems)), path=path))
    for name, why in result.refused.items():
        st.error(t("access.refused_names", email=md(who.email), names=md(name), path=path, why=t(f"access.why_{why}")))
    return None if result.sees_nothing else result


def _auth_providers() -> list[str | None] | None:
    """The OIDC providers of the [auth] secrets (None: the unnamed one); None when login is not set up."""
    try:
        if not st.secrets.load_if_toml_exists() or "auth" not in st.secrets:
            return None
        auth = st.secrets["auth"]
    except (FileNotFoundError, KeyError):
        return None
    named = [name for name, value in auth.items() if isinstance(value, Mapping)]
    return ([None] if "client_id" in auth else []) + named


def _demo_selector(grants: dict[str, access.Grant], ref: access.Reference) -> str:
    """Demo only: pick whom to look as (a demo home's access file, else an admin, each region and
    each partnership of the snapshot)."""
    names = ref.names("region") | ref.names("partnership")
    options = list(grants)
    if st.session_state.get(DEMO_VIEWER) not in options:
        st.session_state[DEMO_VIEWER] = options[0]

    def describe(email: str) -> str:
        g = grants[email]
        if g.role == "admin":
            return t("access.demo_admin", email=email)
        what = ", ".join(f"{names[c]} ({c})" if isinstance(names.get(c), str) else c
                         for c in {"region": g.regions, "sender": g.senders}.get(g.role, g.partnerships))
        return plain(t(f"access.demo_{g.role}", what=what, email=email))     # an option: shown as text

    labels = {email: describe(email) for email in options}    # in this run's language
    return st.sidebar.selectbox(t("access.demo_viewer"), options, key=DEMO_VIEWER, format_func=labels.__getitem__)


def _label_key() -> bytes:
    """The partnership labels' key comes from the home's pseudonymisation secret, so they are stable
    and cannot be recomputed from the codes; without the secret they follow an unkeyed hash."""
    try:
        secret, _ = home().secret()
    except SecretMissing:
        secret = b""
    return access.label_key(secret)
