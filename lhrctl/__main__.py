from lhrctl.cli import main

main()
