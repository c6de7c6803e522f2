"""Dutch column names of the feed contract, accepted beside the English ones.

Senders keep their spreadsheets in Dutch; a file may head a column with the English contract name or
any of its Dutch names here (matched like the English ones: case, surrounding spaces, and spaces,
`-` and `_` between words do not matter). The first Dutch name is the one the templates
(`regiomonitor template`) write. Per column name, not per feed: the same column means the same thing
in every feed. "studiejaar" is left out on purpose: it means the academic year to some senders and
the year of study to others.
"""
from __future__ import annotations

DUTCH: dict[str, tuple[str, ...]] = {
    "student_key": ("studentnummer", "persoonsnummer"),
    "institution_code": ("instellingscode", "brin", "brinnummer"),
    "programme_code": ("opleidingscode", "crohocode", "croho"),
    "programme_type": ("opleidingstype", "soort opleiding"),
    "degree_level": ("graad", "diplomaniveau"),
    "study_mode": ("opleidingsvorm", "studievorm"),
    "route": ("instroomroute",),
    "prior_education": ("vooropleiding", "hoogste vooropleiding"),
    "subject": ("vak", "schoolvak"),
    "academic_year": ("schooljaar", "collegejaar"),
    "year_of_study": ("jaar in opleiding", "verblijfsjaar"),
    "partnership_code": ("partnerschapscode", "partnerschap"),
    "enrolled_on": ("inschrijfdatum", "datum inschrijving"),
    "exit_date": ("uitschrijfdatum", "datum uitstroom"),
    "exit_type": ("soort uitstroom", "uitstroomtype"),
    "request_id": ("aanvraagnummer", "aanvraag id"),
    "sector": ("onderwijssector",),
    "status": ("plaatsingsstatus",),
    "school_code": ("schoolcode", "vestigingscode"),
    "supervisor_key": ("begeleidernummer", "werkplekbegeleider"),
    "supervision_model": ("begeleidingsmodel",),
    "start_date": ("begindatum", "startdatum"),
    "end_date": ("einddatum",),
    "hours_per_week": ("uren per week",),
    "places_offered": ("aangeboden plaatsen", "stageplaatsen"),
    "supervisors": ("werkplekbegeleiders", "aantal werkplekbegeleiders"),
    "supervision_fte_available": ("fte begeleiding", "begeleidings fte"),
    "schoolopleider_fte": ("fte schoolopleider", "schoolopleiders fte"),
    "cost_category": ("kostensoort", "kostencategorie"),
    "hours": ("uren",),
    "amount_eur": ("bedrag eur", "bedrag"),
    "funding_source": ("financieringsbron",),
    "exam_year": ("examenjaar",),
    "track": ("onderwijstype", "schoolsoort"),
    "graduates": ("geslaagden", "aantal geslaagden"),
    "entered_teacher_training": ("gestart lerarenopleiding", "instroom lerarenopleiding"),
    "region_code": ("regiocode",),
    "region_name": ("regionaam", "naam regio"),
    "partnership_name": ("partnerschapsnaam", "naam partnerschap"),
    "school_name": ("schoolnaam", "naam school"),
    "municipality": ("gemeente", "gemeentenaam"),
    "school_role": ("schoolrol",),
    "denomination": ("denominatie", "richting"),
    "urbanisation": ("stedelijkheid",),
    "institution_name": ("instellingsnaam", "naam instelling"),
    "institution_type": ("soort instelling", "instellingstype"),
    "shortage_subject": ("tekortvak",),
    "surplus_subject": ("overschotvak",),
    "norm": ("normnaam",),
    "value": ("waarde",),
    "scope_code": ("code regio of partnerschap", "scopecode"),
    "kpi": ("indicator",),
    "target_value": ("streefwaarde",),
    "direction": ("gewenste richting",),
}


def header_key(name: str) -> str:
    """How a header is compared: trimmed, lower case, and spaces, `-` and `_` between words as one `_`."""
    return "_".join(name.strip().lower().replace("-", " ").replace("_", " ").split())
