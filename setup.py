"""cable-ingest: ingest US diplomatic cables into Avro records and dead letters with Apache Beam."""
import re
from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).parent
VERSION = re.search(r'__version__ = "([^"]+)"', (HERE / "transforms" / "version.py").read_text()).group(1)

setup(
    name="cable-ingest",
    version=VERSION,
    description=__doc__,
    long_description=(HERE / "README.md").read_text(encoding="utf-8") if (HERE / "README.md").exists() else "",
    long_description_content_type="text/markdown",
    python_requires=">=3.11",
    # The parser's data folder has no __init__.py but Python can import it (a namespace
    # package): named here, so setuptools ships it as the package it is.
    packages=[*find_packages(include=["pipeline", "pipeline.*", "schemas", "schemas.*",
                                      "transforms", "transforms.*"]),
              "transforms.cable_parser.data"],
    package_data={"schemas": ["*.avsc"], "transforms.cable_parser.data": ["*.csv", "*.md"]},
    include_package_data=True,
    install_requires=[
        "apache-beam[gcp]==2.77.0",
        "fastavro>=1.13",  # from 1.13 its zstandard codec (staged raw inputs') is backports.zstd
        "google-cloud-storage>=2.10",
        "cramjam>=2.7",  # fastavro's snappy codec, the default (--codec snappy)
        "backports.zstd>=1.0; python_version < '3.14'",  # fastavro's zstandard codec on 3.11
    ],
    extras_require={
        "test": ["pytest>=8", "pytest-xdist>=3.7",  # make test: two processes, a file each at a time
                 "hypothesis>=6", "avro>=1.11", "python-snappy>=0.7", "polars>=1.0",
                 "pandas>=2",
                 "gcp-storage-emulator",
                 "mypy>=2.0"],  # tests/test_types.py: the parser's annotations (mypy.ini)
    },
    entry_points={"console_scripts": ["cable-ingest=pipeline.cli:main"]},
)
