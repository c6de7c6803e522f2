{{ reference_in_force('institutions', ['institution_code']) }}
