"""numtf.ops: see DESIGN.md."""
