"""The service catalog: lookups for pickers and the catalog as CSV (export, all-or-nothing import)."""
