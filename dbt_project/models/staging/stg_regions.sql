{{ reference_in_force('regions', ['region_code']) }}
