"""numtf.keras.engine: see DESIGN.md."""
