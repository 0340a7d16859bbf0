"""The citation graph: its model, stores, analysis and export."""
