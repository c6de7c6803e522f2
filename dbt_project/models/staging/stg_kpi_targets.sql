{{ reference_in_force('kpi_targets', ['scope_code', 'kpi', 'academic_year']) }}
