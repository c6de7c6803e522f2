"""The six report pages; each module has render(snapshot) and runs it when Streamlit executes the file."""
