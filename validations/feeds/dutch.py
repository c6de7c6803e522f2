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


# What each column and feed means, in Dutch, for the senders' templates (the contract's own `doc`
# texts are English). Per column name, like the aliases above.
DESCRIPTIONS: dict[str, str] = {
    "student_key": "Het persoonsnummer van de student; dezelfde persoon heeft in elk jaar en bij elk instituut "
                   "van de regio hetzelfde nummer. Wordt bij aanlevering gepseudonimiseerd.",
    "institution_code": "BRIN van het instituut.",
    "programme_code": "CROHO-code van de opleiding.",
    "programme_type": "Soort lerarenopleiding.",
    "degree_level": "Graad waartoe de opleiding leidt.",
    "study_mode": "Voltijd, deeltijd of duaal.",
    "route": "Route waarlangs de student de opleiding instroomt.",
    "prior_education": "Hoogste vooropleiding.",
    "subject": "Schoolvak van een tweede- of eerstegraadsopleiding (zie de vakkenlijst); leeg voor pabo/alpo.",
    "academic_year": "Beginjaar van het schooljaar (2023 = 2023-2024).",
    "year_of_study": "1-10; 1 betekent dat de student dit schooljaar met deze opleiding begon.",
    "partnership_code": "Partnerschap waar de student dit jaar werkplekleren doet.",
    "enrolled_on": "Datum van inschrijving; niet na 1 oktober van schooljaar + 1.",
    "exit_date": "Datum waarop deze inschrijving eindigde, als dat in dit schooljaar was.",
    "exit_type": "Hoe de inschrijving eindigde; verplicht als er een uitschrijfdatum is.",
    "request_id": "Nummer van de aanvraag, uniek binnen de afzender.",
    "sector": "Sector van de leerwerkplek (po, vo of mbo).",
    "status": "geplaatst, niet_geplaatst of geannuleerd.",
    "school_code": "School van de plaatsing; verplicht bij status geplaatst, anders leeg.",
    "supervisor_key": "Het persoonsnummer van de werkplekbegeleider. Wordt bij aanlevering gepseudonimiseerd.",
    "supervision_model": "individueel (standaard), duo of team.",
    "start_date": "Eerste dag van de plaatsing.",
    "end_date": "Laatste dag van de plaatsing; niet vóór de begindatum.",
    "hours_per_week": "Uren per week op de school, 0-40.",
    "places_offered": "Aangeboden leerwerkplekken, 0 of meer.",
    "supervisors": "Beschikbare werkplekbegeleiders, 0 of meer.",
    "supervision_fte_available": "fte die de school aan het begeleiden van studenten kan besteden, 0 of meer.",
    "schoolopleider_fte": "fte van schoolopleiders, 0 of meer.",
    "cost_category": "Waarvoor de kosten zijn; stagevergoeding wordt apart gehouden.",
    "hours": "Bestede uren, 0 of meer (uren of bedrag, of allebei).",
    "amount_eur": "Bedrag in euro, 0 of meer (uren of bedrag, of allebei).",
    "funding_source": "onderwijsregio_subsidie (EUR 1.250 per begeleide student), lumpsum of overig.",
    "exam_year": "Jaar van het examen (eindjaar van het schooljaar).",
    "track": "havo of vwo.",
    "graduates": "Geslaagden, 0 of meer.",
    "entered_teacher_training": "Geslaagden die het volgende schooljaar aan een lerarenopleiding begonnen; "
                                "tussen 0 en het aantal geslaagden.",
    "region_code": "Code van de regio.",
    "region_name": "Naam zoals de dashboards hem tonen.",
    "partnership_name": "Naam zoals de dashboards hem tonen.",
    "school_name": "Naam van de schoolvestiging.",
    "municipality": "Gemeente.",
    "school_role": "kern, schil of regulier.",
    "denomination": "Denominatie (richting).",
    "urbanisation": "1 = zeer sterk stedelijk .. 5 = niet stedelijk.",
    "institution_name": "Naam.",
    "institution_type": "hbo of wo.",
    "shortage_subject": "ja als het een tekortvak is.",
    "surplus_subject": "ja als het een overschotvak is.",
    "norm": "Naam van de norm.",
    "value": "Waarde van de norm, 0 of meer.",
    "scope_code": "Code van de regio of het partnerschap.",
    "kpi": "De indicator (KPI).",
    "target_value": "Streefwaarde (percentages als fractie, bedragen in euro), 0 of meer.",
    "direction": "lower_is_better (lager is beter) of higher_is_better (hoger is beter).",
}

FEED_DESCRIPTIONS: dict[str, str] = {
    "enrolments": "Eén rij per student, opleiding en schooljaar waarin de student op 1 oktober ingeschreven "
                  "staat. Sleutel: studentnummer, opleidingscode en schooljaar; latere kopieën van een sleutel in "
                  "dezelfde aanlevering worden afgekeurd.",
    "placements": "Eén rij per plaatsingsaanvraag voor een student in een schooljaar (afzender: de "
                  "partnerschapscode). Het aanvraagnummer is uniek binnen de afzender; latere kopieën in "
                  "dezelfde aanlevering worden afgekeurd.",
    "capacity": "Wat een school in een schooljaar aanbiedt (afzender: schoolcode of partnerschapscode). Sleutel: "
                "school, schooljaar, sector en vak. Een school meldt een sector per vak of in één rij zonder vak; "
                "alle rijen tellen op.",
    "costs": "Begeleidingskosten in een schooljaar (afzender: schoolcode of partnerschapscode). Een rij noemt een "
             "school (kosten van de school) of een partnerschap (centrale kosten) en geeft uren, een bedrag of "
             "allebei; zonder bedrag zijn de kosten uren x de uurnorm van de sector van de school.",
    "funding": "Ontvangen middelen van een partnerschap in een schooljaar (afzender: partnerschapscode of "
               "regiocode).",
    "vo_outflow": "Geslaagden van een vo-school en hoeveel van hen het volgende schooljaar aan een "
                  "lerarenopleiding begonnen (afzender: schoolcode, regiocode of DUO).",
    "regions": "De onderwijsregio's.",
    "partnerships": "De partnerschappen Samen Opleiden & Professionaliseren en hun regio.",
    "schools": "Schoolvestigingen (po, vo, mbo), met hun partnerschap en regio.",
    "institutions": "Instituten met een lerarenopleiding.",
    "subjects": "Schoolvakken, met de kenmerken tekortvak en overschotvak.",
    "norms": "Normen per schooljaar (subsidie, fte per student, uurkosten, drempel voor kleine aantallen).",
    "kpi_targets": "Streefwaarden van de kwaliteitscyclus per regio of partnerschap.",
}
