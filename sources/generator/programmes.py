"""Teacher-training programmes with their real CROHO codes (DUO's Croho table, 1cHO 2025), and the
school subjects they train for.

The educatieve minor has no CROHO code of its own: it is a minor inside a wo bachelor, so its rows
carry the CROHO code of the host bachelor (e.g. 56980 wiskunde) with degree_level `geen`.
"""
from __future__ import annotations

from dataclasses import dataclass

from sources.generator.contract import DEGREE, INST, PT, SECTOR

# subject: (shortage, surplus, weight in tweedegraads, weight in eerstegraads, share placed in mbo)
SUBJECTS = {
    "nederlands": (True, False, 10, 9, 0.15),
    "engels": (False, False, 10, 9, 0.15),
    "duits": (True, False, 3, 3, 0.0),
    "frans": (True, False, 3, 3, 0.0),
    "spaans": (False, False, 1, 1, 0.0),
    "wiskunde": (True, False, 9, 8, 0.1),
    "natuurkunde": (True, False, 3, 4, 0.0),
    "scheikunde": (True, False, 2, 3, 0.0),
    "biologie": (False, False, 6, 6, 0.0),
    "aardrijkskunde": (False, False, 5, 4, 0.0),
    "geschiedenis": (False, True, 9, 8, 0.0),
    "economie": (False, False, 7, 5, 0.3),
    "maatschappijleer": (False, True, 4, 3, 0.1),
    "godsdienst": (False, False, 3, 1, 0.0),
    "techniek": (True, False, 4, 0, 0.7),
    "gezondheidszorg en welzijn": (False, False, 6, 0, 0.8),
    "informatica": (True, False, 0, 2, 0.0),
    "filosofie": (False, True, 0, 2, 0.0),
    "klassieke talen": (True, False, 0, 2, 0.0),
    "lichamelijke opvoeding": (False, True, 0, 0, 0.0),   # no programme here; schools offer places
}

PABO, ALPO, AD_PEP = "34808", "59329", "80142"
TWEEDEGRAADS = {  # hbo bachelor "opl. leraar vo 2e gr in ..."
    "nederlands": "35198", "engels": "35195", "duits": "35193", "frans": "35196", "spaans": "35255",
    "wiskunde": "35221", "natuurkunde": "35261", "scheikunde": "35199", "biologie": "35301",
    "aardrijkskunde": "35201", "geschiedenis": "35197", "economie": "35207", "maatschappijleer": "35411",
    "godsdienst": "35441", "techniek": "35254", "gezondheidszorg en welzijn": "35388",
}
EERSTEGRAADS_HBO = {  # hbo master "leraar ..."
    "nederlands": "45269", "engels": "45262", "duits": "45265", "frans": "45266", "spaans": "45124",
    "wiskunde": "45263", "natuurkunde": "45272", "scheikunde": "45273", "biologie": "45279",
    "aardrijkskunde": "45264", "geschiedenis": "45267", "economie": "45275", "maatschappijleer": "45268",
    "godsdienst": "45274", "informatica": "40045",
}
EERSTEGRAADS_WO = {  # wo master "opl tot leraar vo 1e gr ..."
    "nederlands": "60244", "engels": "60237", "duits": "60236", "frans": "60239", "spaans": "60247",
    "wiskunde": "60248", "natuurkunde": "60245", "scheikunde": "60246", "biologie": "60235",
    "aardrijkskunde": "60204", "geschiedenis": "60240", "economie": "60233", "maatschappijleer": "60243",
    "filosofie": "60238", "klassieke talen": "60241", "informatica": "60330",
}
MINOR_HOST = {  # wo bachelor that hosts the educatieve minor
    "nederlands": "56804", "engels": "56806", "duits": "56805", "frans": "56808", "spaans": "56810",
    "wiskunde": "56980", "natuurkunde": "50206", "scheikunde": "56857", "biologie": "56860",
    "geschiedenis": "56034", "aardrijkskunde": "56620", "economie": "56401", "filosofie": "56081",
    "klassieke talen": "56003",
}


@dataclass(frozen=True)
class Programme:
    code: str
    type: str
    degree: str
    institution_type: str
    subject: str | None


def catalogue() -> list[Programme]:
    progs = [Programme(PABO, PT.pabo, DEGREE.bachelor, INST.hbo, None),
             Programme(AD_PEP, PT.ad_pep, DEGREE.ad, INST.hbo, None),
             Programme(ALPO, PT.alpo, DEGREE.bachelor, INST.wo, None)]
    progs += [Programme(c, PT.tweedegraads, DEGREE.bachelor, INST.hbo, s) for s, c in TWEEDEGRAADS.items()]
    progs += [Programme(c, PT.eerstegraads, DEGREE.master, INST.hbo, s) for s, c in EERSTEGRAADS_HBO.items()]
    progs += [Programme(c, PT.eerstegraads, DEGREE.master, INST.wo, s) for s, c in EERSTEGRAADS_WO.items()]
    progs += [Programme(c, PT.educatieve_minor, DEGREE.geen, INST.wo, s) for s, c in MINOR_HOST.items()]
    return progs


def placement_sector(programme: Programme, rng) -> str:
    """Where a student of this programme does workplace learning."""
    if programme.type in (PT.pabo, PT.alpo, PT.ad_pep):
        return SECTOR.po
    if programme.type == PT.tweedegraads and rng.random() < SUBJECTS[programme.subject][4]:
        return SECTOR.mbo
    return SECTOR.vo
