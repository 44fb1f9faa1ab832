"""Stage glue: read a stage's input tables, call the engine modules, write its output tables."""
