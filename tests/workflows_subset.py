"""Just enough of Cloud Workflows to run deploy/workflow.yaml's decisions in a test.

Workflows cannot run here. What can: its expressions (`${...}`: maps read with dots, `==`,
`in`, `and`, `+`, and the standard functions the workflow uses) and the steps that only decide
(assign, switch, for, raise, return, next, nested steps). `run_steps` runs such steps and stops at
anything that talks to a service (a `call`), which the tests do not fake.
"""
import json
import re
import urllib.parse

# Workflows literals outside string literals: null, true, false.
_LITERALS = re.compile(r'"(?:[^"\\]|\\.)*"|\b(null|true|false)\b')
_PYTHON_LITERALS = {"null": "None", "true": "True", "false": "False"}


class Raised(Exception):
    """A `raise` step: the execution fails with this value."""

    def __init__(self, value):
        super().__init__(value)
        self.value = value


class Returned(Exception):
    def __init__(self, value):
        super().__init__(value)
        self.value = value


class Value(dict):
    """A Workflows map: keys read as attributes (summary.status); a missing key is an error."""

    def __getattr__(self, name):
        if name not in self:
            raise KeyError(f"key not found: {name}")
        return wrap(self[name])


def wrap(value):
    if isinstance(value, dict) and not isinstance(value, Value):
        return Value(value)
    return value


class _Namespace:
    def __init__(self, **functions):
        self.__dict__.update(functions)


def _decode(data):
    return wrap(json.loads(data.decode() if isinstance(data, bytes) else data))


def _type_of(value) -> str:
    for kind, name in ((bool, "boolean"), (dict, "map"), (list, "list"), (str, "string"),
                       (bytes, "bytes"), (int, "integer"), (float, "double")):
        if isinstance(value, kind):
            return name
    return "null"


def functions(env: dict, now: float) -> dict:
    """The standard library the workflow uses; sys.get_env reads `env`, sys.now is `now`."""
    import datetime

    def time_format(seconds):
        moment = datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)
        return moment.isoformat(timespec="microseconds").replace("+00:00", "Z")

    return {
        "sys": _Namespace(get_env=env.__getitem__, now=lambda: now),
        "time": _Namespace(format=time_format),
        "text": _Namespace(
            substring=lambda source, start, end: source[start:end],
            replace_all=lambda source, old, new: source.replace(old, new),
            to_lower=str.lower,
            url_encode=lambda source: urllib.parse.quote(source, safe=""),
            match_regex=lambda source, regex: re.search(regex, source) is not None),
        "map": _Namespace(get=lambda value, key: wrap(value.get(key)) if value else None),
        "json": _Namespace(decode=_decode, encode_to_string=json.dumps),
        "default": lambda value, fallback: fallback if value is None else value,
        "len": len,
        "get_type": _type_of,
    }


def evaluate(value, variables: dict, library: dict):
    """A YAML value with its `${...}` expressions evaluated (maps and lists recursively)."""
    if isinstance(value, dict):
        return Value({key: evaluate(item, variables, library) for key, item in value.items()})
    if isinstance(value, list):
        return [evaluate(item, variables, library) for item in value]
    if not (isinstance(value, str) and value.startswith("${") and value.endswith("}")):
        return value
    python = _LITERALS.sub(lambda m: _PYTHON_LITERALS[m[1]] if m[1] else m[0], value[2:-1])
    scope = {**library, **{name: wrap(item) for name, item in variables.items()}}
    return wrap(eval(python, {"__builtins__": {}}, scope))  # noqa: S307  (our own YAML)


def run_steps(steps: list, variables: dict, library: dict):
    """Run decision-only steps; the returned value, or None when they end without `return`.

    Raises `Raised` for a raise step and `NotImplementedError` at a `call` step.
    """
    names = [next(iter(step)) for step in steps]
    index = 0
    while index < len(steps):
        body = steps[index][names[index]]
        jump = _run_step(body, variables, library)
        if jump == "end":
            return None
        index = names.index(jump) if jump else index + 1
    return None


def run(steps: list, variables: dict, library: dict):
    try:
        run_steps(steps, variables, library)
    except Returned as returned:
        return returned.value
    return None


def _run_step(body: dict, variables: dict, library: dict):
    if "call" in body or "try" in body:
        raise NotImplementedError(f"a call to a service: {body.get('call', body.get('try'))}")
    for assignment in body.get("assign", []):
        (name, expression), = assignment.items()
        variables[name] = evaluate(expression, variables, library)
    if "switch" in body:
        for branch in body["switch"]:
            if evaluate(branch["condition"], variables, library):
                jump = _run_step({k: v for k, v in branch.items() if k != "condition"},
                                 variables, library)
                return jump
    if "steps" in body:
        run_steps(body["steps"], variables, library)
    if "for" in body:
        loop = body["for"]
        for item in evaluate(loop["in"], variables, library):
            variables[loop["value"]] = wrap(item)
            run_steps(loop["steps"], variables, library)
    if "raise" in body:
        raise Raised(evaluate(body["raise"], variables, library))
    if "return" in body:
        raise Returned(evaluate(body["return"], variables, library))
    return body.get("next")
