"""Programs' screens, one module per concern."""
