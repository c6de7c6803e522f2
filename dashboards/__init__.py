"""The Streamlit dashboards on the published snapshot (`regiomonitor dashboard`); see docs/dashboards.md."""
