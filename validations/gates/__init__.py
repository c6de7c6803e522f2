"""Quality gates on the marts (Great Expectations 1.x), run after the dbt build and before publishing."""
