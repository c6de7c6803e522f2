"""Whose report it is. A report is always the subject's own view, whoever asks for it: a region's
report is what the region's viewers see (its partnerships by name); a partnership's report is what
that partnership's viewers see (its own rows unsuppressed, the other partnerships of its region as
anonymous labels, nothing of other regions). So `report --scope CODE` and the download on Overzicht
give the same file, and a viewer can only download a report whose view it has itself."""
from __future__ import annotations

from dashboards import access
from deployment.home import Home, SecretMissing


class UnknownSubject(LookupError):
    """The code is no region or partnership of this snapshot."""


def subject_scope(ref: access.Reference, code: str, key: bytes) -> access.Scope:
    """The scope of the subject's own viewers (access.scope of a grant by code)."""
    if code in ref.regions:
        grant = access.Grant(role="region", regions=(code,))
    elif code in ref.partnerships:
        grant = access.Grant(role="partnership", partnerships=(code,))
    else:
        raise UnknownSubject(code)
    return access.scope(grant, ref, key)


def kind(ref: access.Reference, code: str) -> str:
    return "region" if code in ref.regions else "partnership"


def region_of(ref: access.Reference, code: str) -> str:
    return code if code in ref.regions else ref.partnerships[code][1]


def may_download(viewer: access.Scope, ref: access.Reference, code: str) -> bool:
    """Whether a viewer sees at least the subject's own view: an admin or a region viewer a region
    they see whole; a partnership viewer its own partnership (whose own rows only its viewers see)."""
    if code in ref.regions:
        return viewer.admin or (code in viewer.regions and not viewer.own)
    return code in viewer.own


def label_key(home: Home) -> bytes:
    """The labels' key, as the dashboards derive it from the home's pseudonymisation secret."""
    try:
        secret, _ = home.secret()
    except SecretMissing:
        secret = b""
    return access.label_key(secret)
