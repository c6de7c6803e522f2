{{ config(alias='kpi_scorecard') }}
{{ own_rows('kpi_scorecard', 'kpi_scorecard_detail', ['scope_code', 'kpi', 'academic_year'], ['value', 'status'],
            partnership="case when m.scope_type = 'partnership' then m.scope_code end") }}
