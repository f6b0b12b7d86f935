"""cable-ingest's pipeline: options, graph assembly and the `cable-ingest` entry point."""
from transforms.version import __version__

__all__ = ["__version__"]
