"""cable-ingest's pipeline: options, graph assembly and the `cable-ingest` entry point."""
from pipeline.version import __version__

__all__ = ["__version__"]
