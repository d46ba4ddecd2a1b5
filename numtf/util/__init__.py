"""numtf.util: see DESIGN.md."""
