"""`import apache_beam` with the garbage collector paused, and what it loaded frozen.

Beam's import loads ~1,900 modules and ~190,000 objects that live as long as the process. While
they load, the cyclic collector runs ~450 times, 3 of them full passes over everything loaded so
far (~0.23 s of the import's ~1.3 s CPU), and each full collection during a run scans them all
again (~0.09 s) to find nothing. So the collector is paused while Beam loads, and `gc.freeze()`
then puts what exists out of its sight (reference counting still frees those objects as usual:
only the search for garbage cycles skips them). The pipeline's modules that import Beam first
(`pipeline.options`, `pipeline.graph`) import this module before it.
"""
import gc


def _import_beam() -> None:
    collecting = gc.isenabled()
    gc.disable()
    try:
        import apache_beam  # noqa: F401
    finally:
        if collecting:
            gc.freeze()
            gc.enable()


_import_beam()
