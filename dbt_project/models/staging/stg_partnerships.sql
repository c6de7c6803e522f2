{{ reference_in_force('partnerships', ['partnership_code']) }}
