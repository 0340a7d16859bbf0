"""The Streamlit app's pages (one module each) and the safe-rendering helpers they share."""
