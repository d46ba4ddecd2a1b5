"""numtf.graph: see DESIGN.md."""
