"""Message catalogues, one module per area (see tracker.ui.i18n)."""
