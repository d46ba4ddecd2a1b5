"""numtf.autodiff: see DESIGN.md."""
