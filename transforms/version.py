"""The package version, written into every record as `pipeline_version`."""
__version__ = "0.1.0"
