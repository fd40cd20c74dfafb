"""Rails-style nested parameters: `invoice[positions][][name]=x` into nested dicts and lists.

Form bodies and query strings from Rails, Rack, jQuery's `$.param` and PHP's
`http_build_query` flatten nested data into bracketed keys. `parse_nested` rebuilds the
structure following Rack's rules:

- `a=1` gives {"a": "1"}; `a[b][c]=1` gives {"a": {"b": {"c": "1"}}}.
- `a[]=1&a[]=2` gives {"a": ["1", "2"]}.
- `a[][name]=x&a[][price]=1&a[][name]=y` gives [{"name": "x", "price": "1"}, {"name": "y"}]
  under "a": a new hash starts in the array when the key is already set in its last hash.
- A hash whose keys are all non-negative decimal integers (`a[0][name]`, `a[1][name]`)
  becomes a list ordered by the integer, at every depth below the top, once all pairs are
  in. Hashes mixing index and other keys stay hashes.

Values are never touched: they may be strings or uploaded files. A repeated scalar key
keeps its last value, as in Rack. Malformed keys, keys nested deeper than `MAX_DEPTH`
levels and keys used both as a scalar and as a container raise `ParamsError`.
"""

import re
from collections.abc import Iterable

MAX_DEPTH = 32

# The name, then any number of `[segment]`s; brackets may not appear anywhere else.
_KEY = re.compile(r"([^\[\]]+)((?:\[[^\[\]]*\])*)")
_SEGMENT = re.compile(r"\[([^\[\]]*)\]")
# ASCII digits only: str.isdigit() would also accept "²" and other Unicode digits.
_INDEX = re.compile(r"[0-9]+")


class ParamsError(ValueError):
    """A parameter name is malformed or clashes with another; the message names the key."""


def parse_nested(pairs: Iterable[tuple[str, object]]) -> dict:
    """Nest flat `(key, value)` pairs, in order, into the structure their keys describe."""
    params: dict = {}
    for key, value in pairs:
        path = _split_key(key)
        _assign(params, path[0], path[1:], value, key)
    # The top level stays a dict even when every name is a number: callers expect one.
    return {name: indexed_to_list(value) for name, value in params.items()}


def indexed_to_list(value):
    """Return `value` with every index-keyed dict, at any depth, turned into a list.

    `{"1": b, "0": a}` becomes `[a, b]`; dicts with any other key stay dicts (their values
    still converted), lists are converted item by item, and anything else, like a string or
    an uploaded file, is returned as it is. The input is never modified.
    """
    if isinstance(value, list):
        return [indexed_to_list(item) for item in value]
    if not isinstance(value, dict):
        return value
    converted = {key: indexed_to_list(item) for key, item in value.items()}
    indexes = [int(key) for key in value if isinstance(key, str) and _INDEX.fullmatch(key)]
    # "1" and "01" name the same index; such a dict is ambiguous, so it stays a dict.
    if indexes and len(indexes) == len(value) and len(set(indexes)) == len(indexes):
        order = sorted(zip(indexes, converted.values(), strict=True), key=lambda pair: pair[0])
        return [item for _, item in order]
    return converted


def _split_key(key: str) -> list[str]:
    """`a[b][]` into ["a", "b", ""]; an empty segment means "append to a list"."""
    match = _KEY.fullmatch(key) if isinstance(key, str) else None
    if match is None:
        raise ParamsError(f"Malformed parameter name {key!r}")
    path = [match[1], *_SEGMENT.findall(match[2])]
    if len(path) > MAX_DEPTH:
        raise ParamsError(f"Parameter {key!r} is nested deeper than {MAX_DEPTH} levels")
    return path


def _assign(params: dict, name: str, rest: list[str], value, key: str) -> None:
    """Store `value` at `params[name]` followed by the remaining segments `rest`."""
    present = name in params
    current = params.get(name)
    if not rest:
        if isinstance(current, dict | list):
            raise _clash(key)
        params[name] = value
    elif rest[0] == "":
        if not present:
            current = params[name] = []
        elif not isinstance(current, list):
            raise _clash(key)
        _append(current, rest[1:], value, key)
    else:
        if not present:
            current = params[name] = {}
        elif not isinstance(current, dict):
            raise _clash(key)
        _assign(current, rest[0], rest[1:], value, key)


def _append(items: list, rest: list[str], value, key: str) -> None:
    """Add `value` to a list reached through `[]`, following the segments after it."""
    if not rest:
        items.append(value)
    elif rest[0] == "":
        # `a[][]=x` has no hash to merge into: each pair adds a new inner list, as in Rack.
        inner: list = []
        _append(inner, rest[1:], value, key)
        items.append(inner)
    else:
        last = items[-1] if items else None
        # Rack's rule: keep filling the last hash until this key is already set in it.
        if not isinstance(last, dict) or _has_path(last, rest):
            last = {}
            items.append(last)
        _assign(last, rest[0], rest[1:], value, key)


def _has_path(params: dict, rest: list[str]) -> bool:
    """Whether `rest` is already set in `params`; paths through a `[]` never are."""
    node = params
    for segment in rest:
        if segment == "" or not isinstance(node, dict) or segment not in node:
            return False
        node = node[segment]
    return True


def _clash(key: str) -> ParamsError:
    return ParamsError(f"Parameter {key!r} is used both as a value and as a nested structure")
