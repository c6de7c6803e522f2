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

EXAM_TRACKS = ["havo", "vwo", "vmbo"]          # DUO's ONDERWIJSTYPE VO
HO_KINDS = ["hbo", "wo"]                         # CROHO: soort hoger onderwijs
HO_TYPES = ["ad", "ba", "ma", "pm", "on", "pi", "xx"]   # CROHO: type hoger onderwijs

YEAR_MIN, YEAR_MAX = 2000, 2100
DUO_YEAR_MIN = 1900                              # DUO's files reach back further than the contract's years
KEY_MAX_LENGTH = 64
