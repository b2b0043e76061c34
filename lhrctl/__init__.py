"""lhrctl: the command-line toolkit of Thailand's national local-personnel data centre (LHR)."""

__version__ = "0.1.0"
