"""Readers of outside files: the DLA registry CSV now, legacy staff workbooks later."""
