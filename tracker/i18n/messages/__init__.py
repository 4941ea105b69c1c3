"""Message catalogues, one module per area (see tracker.i18n)."""
