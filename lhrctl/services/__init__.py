"""The domain of lhrctl: typed, quiet (no printing), raising `LhrError` subclasses."""
