"""numtf.keras.utils: see DESIGN.md."""
