"""Typer glue, one module per command group: parse, call one service, render.

Heavy modules (SQLAlchemy, pyscard, openpyxl, rich) are imported inside the commands that use
them, so `lhrctl --help` stays quick.
"""
