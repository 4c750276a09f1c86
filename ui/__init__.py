"""Streamlit-side glue shared by dashboard.py and pages/: cached store access and filters."""
