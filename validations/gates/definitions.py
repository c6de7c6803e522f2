"""What each gate expects of each mart. A gate is a named group of expectations; its severity
(block or warn) is configuration (deployment/settings.py), not code."""
from __future__ import annotations

from dataclasses import dataclass, field

GATES = ("grain_unique", "rates_in_range", "values_in_range", "suppression_consistent", "row_count_band",
         "national_between_extremes")


@dataclass(frozen=True)
class MartSpec:
    name: str
    grain: tuple[str, ...]
    rates: tuple[str, ...] = ()
    non_negative: tuple[str, ...] = ()
    bounded: dict[str, tuple[float, float]] = field(default_factory=dict)
    denominator: str | None = None          # suppression: the people count that decides it
    people: tuple[str, ...] = ()            # columns NULL when suppressed
    national: tuple[str, str, tuple[str, ...]] | None = None   # (national column, detail rate, group)
    detail: str | None = None               # private table holding the unsuppressed rows


OUTCOMES = ("cohort_size", "graduated", "enrolled_same", "switched", "dropped_out")
OUTCOME_RATES = ("dropout_rate", "switch_rate", "graduation_rate", "retention_rate")

MARTS = [
    MartSpec("dropout_cohort",
             grain=("region_code", "partnership_code", "programme_type", "study_mode", "cohort_year", "horizon_years"),
             rates=OUTCOME_RATES + ("national_dropout_rate",), non_negative=OUTCOMES,
             bounded={"horizon_years": (1, 6)}, denominator="cohort_size", people=OUTCOMES + OUTCOME_RATES,
             national=("national_dropout_rate", "dropout_rate",
                       ("programme_type", "study_mode", "cohort_year", "horizon_years")),
             detail="dropout_cohort_detail"),
    MartSpec("dropout_by_group", grain=("region_code", "cohort_year", "dimension", "dimension_value"),
             rates=OUTCOME_RATES + ("national_dropout_rate",), non_negative=OUTCOMES,
             denominator="cohort_size", people=OUTCOMES + OUTCOME_RATES,
             national=("national_dropout_rate", "dropout_rate", ("cohort_year", "dimension", "dimension_value")),
             detail="dropout_by_group_detail"),
    MartSpec("cost_per_supervised_student", grain=("region_code", "partnership_code", "academic_year"),
             non_negative=("supervised_students", "supervision_cost_eur", "internship_allowance_eur", "subsidy_eur",
                           "supervision_fte", "cost_per_supervised_student", "subsidy_per_supervised_student",
                           "fte_per_supervised_student"),
             denominator="supervised_students",
             people=("supervised_students", "cost_per_supervised_student", "subsidy_per_supervised_student",
                     "funding_gap_per_student", "fte_per_supervised_student")),
    MartSpec("capacity_region", grain=("region_code", "academic_year", "sector"),
             non_negative=("places_offered", "placement_requests", "students_placed", "students_unplaced",
                           "place_utilisation", "demand_ratio", "supervision_fte_available",
                           "supervision_fte_required")),
    MartSpec("capacity_subject", grain=("region_code", "academic_year", "subject"),
             non_negative=("places_offered", "placement_requests", "students_placed", "students_unplaced",
                           "demand_ratio")),
    MartSpec("feeder_schools", grain=("school_code", "exam_year", "track"),
             rates=("inflow_rate", "national_inflow_rate"), non_negative=("graduates", "entered_teacher_training"),
             bounded={"percentile": (0, 100)}, denominator="graduates",
             people=("graduates", "entered_teacher_training", "inflow_rate", "percentile", "band"),
             national=("national_inflow_rate", "inflow_rate", ("exam_year", "track")),
             detail="feeder_schools_detail"),
    MartSpec("kpi_scorecard", grain=("scope_code", "kpi", "academic_year")),
    MartSpec("vo_exam_results", grain=("school_code", "exam_year", "track"),
             non_negative=("candidates", "graduates", "candidates_suppressed_cells", "graduates_suppressed_cells")),
    MartSpec("national_intake", grain=("institution_code", "programme_code", "study_mode", "academic_year"),
             non_negative=("first_year_enrolments", "suppressed_cells")),
]
