"""Beam transforms of cable-ingest, and the plain-Python parsing they wrap.

`transforms.cable_parser` and `transforms.formats` import no Beam: they can be tested and timed alone.
"""
