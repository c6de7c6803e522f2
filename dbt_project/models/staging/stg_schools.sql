{{ reference_in_force('schools', ['school_code']) }}
