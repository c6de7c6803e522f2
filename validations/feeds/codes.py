"""Code formats and value lists of the feed contract (feeds.md), shared by every feed model."""
from __future__ import annotations

BRIN = r"^[0-9]{2}[A-Z0-9]{2}$"
SCHOOL = r"^[0-9]{2}[A-Z0-9]{2}[0-9]{2}$"
CODE = r"^[A-Z0-9][A-Z0-9-]{1,29}$"          # partnership_code and region_code
CROHO = r"^[0-9]{5}$"

PATTERN_NAMES = {
    BRIN: "a BRIN code (2 digits + 2 upper-case letters/digits, e.g. 21PB)",
    SCHOOL: "a school code (BRIN + 2-digit location, e.g. 12AB00)",
    CODE: "a code of upper-case letters, digits and '-' (2-30 characters, e.g. SOP-RM-02)",
    CROHO: "a 5-digit CROHO code (e.g. 34808)",
}

PROGRAMME_TYPES = ["pabo", "alpo", "tweedegraads", "eerstegraads", "educatieve_minor", "ad_pep"]
DEGREE_LEVELS = ["ad", "bachelor", "master", "geen"]
STUDY_MODES = ["voltijd", "deeltijd", "duaal"]
ROUTES = ["regulier", "zij_instroom", "verkort", "maatwerk"]
PRIOR_EDUCATION = ["mbo", "havo", "vwo", "hbo", "wo", "buitenland", "overig", "onbekend"]
EXIT_TYPES = ["diploma", "uitschrijving"]
SECTORS = ["po", "vo", "mbo"]
PLACEMENT_STATUSES = ["geplaatst", "niet_geplaatst", "geannuleerd"]
SUPERVISION_MODELS = ["individueel", "duo", "team"]
COST_CATEGORIES = ["werkplekbegeleiding", "schoolopleider", "instituutsopleider", "scholing_begeleiders",
                   "coordinatie", "stagevergoeding", "overig"]
FUNDING_SOURCES = ["onderwijsregio_subsidie", "lumpsum", "overig"]
TRACKS = ["havo", "vwo"]
SCHOOL_ROLES = ["kern", "schil", "regulier"]
INSTITUTION_TYPES = ["hbo", "wo"]
DIRECTIONS = ["lower_is_better", "higher_is_better"]
NORMS = ["subsidy_per_supervised_student_eur", "supervision_fte_per_student", "annual_hours_per_fte",
         "hourly_cost_eur_po", "hourly_cost_eur_vo", "hourly_cost_eur_mbo", "hourly_cost_eur_partnership",
         "small_cell_threshold"]
KPIS = ["dropout_rate_h1", "cost_per_supervised_student", "students_unplaced", "inflow_rate_havo"]
RATE_KPIS = ["dropout_rate_h1", "inflow_rate_havo"]          # fractions: their targets lie in [0, 1]

EXAM_TRACKS = ["havo", "vwo", "vmbo"]          # DUO's ONDERWIJSTYPE VO
HO_KINDS = ["hbo", "wo"]                         # CROHO: soort hoger onderwijs
HO_TYPES = ["ad", "ba", "ma", "pm", "on", "pi", "xx"]   # CROHO: type hoger onderwijs

# Every fixed value of the contract: a delivered name equal to one (`voltijd`) would be read as that value
FIXED_VALUES = sorted({v for values in (PROGRAMME_TYPES, DEGREE_LEVELS, STUDY_MODES, ROUTES, PRIOR_EDUCATION,
                                        EXIT_TYPES, SECTORS, PLACEMENT_STATUSES, SUPERVISION_MODELS, COST_CATEGORIES,
                                        FUNDING_SOURCES, TRACKS, SCHOOL_ROLES, INSTITUTION_TYPES, DIRECTIONS, NORMS,
                                        KPIS) for v in values})

YEAR_MIN, YEAR_MAX = 2000, 2100
DUO_YEAR_MIN = 1900                              # DUO's files reach back further than the contract's years
KEY_MAX_LENGTH = 64

# Upper bounds of one row's numbers where the contract gives none (feeds.md only says >= 0): far above
# anything real, so they only stop typing errors and hostile values (`1e300` euros) before they reach
# a mart or a blocking test. Non-finite numbers never parse (orchestration/ingest/coerce.py).
MAX_EUR = 100_000_000          # one cost or funding row; a partnership's yearly subsidy is ~EUR 10^5-10^6
MAX_HOURS = 1_000_000          # one cost row; ~600 fte-years
MAX_FTE = 1_000                # fte one school spends on supervision or school-based educators
MAX_PEOPLE = 100_000           # places, supervisors, graduates, students in one row (DUO's counts too)
MAX_NORM = 100_000             # a norm (EUR 1250, 0.05 fte, 1659 hours, threshold 10)
