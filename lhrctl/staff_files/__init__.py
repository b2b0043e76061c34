"""Everything that turns a staff file into checked rows: readers of every format a legacy file
comes in, text cleaning, normalisers and vocabulary, header detection and column mapping, the
row checks and their worker processes, and the staging file the rows wait in. Imports no service."""
