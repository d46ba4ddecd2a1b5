"""numtf.framework: see DESIGN.md."""
