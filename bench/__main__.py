"""`make bench`: run every benchmark and print its figures against its target."""

from bench import help_startup, import_speed, progress_speed, record_speed, server_load

help_startup.main()
import_speed.main()
progress_speed.main()
record_speed.main()
server_load.main()
