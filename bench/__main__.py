"""`make bench`: run every benchmark and print its figures against its target."""

from bench import help_startup

help_startup.main()
