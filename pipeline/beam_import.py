"""`import apache_beam` with the garbage collector paused, and what it loaded frozen; a DoFn's
state and timer specs found once.

Beam's import loads ~1,900 modules and ~190,000 objects that live as long as the process. While
they load, the cyclic collector runs ~450 times, 3 of them full passes over everything loaded so
far (~0.23 s of the import's ~1.3 s CPU), and each full collection during a run scans them all
again (~0.09 s) to find nothing. So the collector is paused while Beam loads, and `gc.freeze()`
then puts what exists out of its sight (reference counting still frees those objects as usual:
only the search for garbage cycles skips them). The pipeline's modules that import Beam first
(`pipeline.options`, `pipeline.graph`) import this module before it.

Beam asks `userstate.get_dofn_specs` for the state and timer specs of a DoFn ~8 times per ParDo
while it builds, translates and runs a graph (ParDo's checks, `to_runner_api`, the runner's
keyed-input test, each bundle processor); each time it takes `inspect.signature` of all ~28
methods of the DoFn: ~20% of the CPU time a small run spends in `pipeline.graph.run` (~50 ms of
~230 for 10 cables). The specs are read from the methods' parameter defaults, which a DoFn's
class fixes: they are found once per DoFn instance here (kept while the instance lives), and
each caller is given its own copy of the two sets, as before.
"""
import gc
import weakref


def _import_beam() -> None:
    collecting = gc.isenabled()
    gc.disable()
    try:
        import apache_beam  # noqa: F401
    finally:
        if collecting:
            gc.freeze()
            gc.enable()


def _dofn_specs_once() -> None:
    from apache_beam.transforms import userstate

    found = weakref.WeakKeyDictionary()  # DoFn -> (state specs, timer specs)
    inspect_dofn = userstate.get_dofn_specs

    def get_dofn_specs(dofn):
        try:
            specs = found.get(dofn)
        except TypeError:  # a DoFn that cannot be a key (unhashable, no weak reference)
            return inspect_dofn(dofn)
        if specs is None:
            specs = inspect_dofn(dofn)
            try:
                found[dofn] = specs
            except TypeError:
                pass
        return set(specs[0]), set(specs[1])

    get_dofn_specs.__doc__ = inspect_dofn.__doc__
    get_dofn_specs.inspect_dofn = inspect_dofn  # Beam's own, for the tests
    userstate.get_dofn_specs = get_dofn_specs


_import_beam()
_dofn_specs_once()
