"""Live-target safety: run markers, the run journal, finding bindings by query, `pnconform sweep`."""
