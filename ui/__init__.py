"""Streamlit helpers: session-state keys, cached library calls, shared widgets."""
