"""Rails-style nested parameters, as Rack and jQuery's `$.param` write them."""

from urllib.parse import parse_qsl, urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from faktura.api.railsparams import MAX_DEPTH, ParamsError, indexed_to_list, parse_nested


def parse_query(query: str) -> dict:
    return parse_nested(parse_qsl(query, keep_blank_values=True))


def test_a_plain_key_gives_its_value():
    assert parse_query("a=1") == {"a": "1"}


def test_bracketed_keys_nest_hashes():
    assert parse_query("a[b][c]=1") == {"a": {"b": {"c": "1"}}}


def test_sibling_keys_share_their_parent_hash():
    assert parse_query("invoice[kind]=vat&invoice[buyer][name]=ACME&invoice[buyer][tax_no]=1") == {
        "invoice": {"kind": "vat", "buyer": {"name": "ACME", "tax_no": "1"}}
    }


def test_empty_brackets_collect_values_into_a_list():
    assert parse_query("a[]=1&a[]=2") == {"a": ["1", "2"]}


def test_hashes_in_a_list_start_anew_when_a_key_repeats():
    query = "a[][name]=x&a[][price]=1&a[][name]=y"

    assert parse_query(query) == {"a": [{"name": "x", "price": "1"}, {"name": "y"}]}


def test_a_repeated_nested_key_in_a_list_of_hashes_starts_a_new_hash():
    query = "a[][b][c]=1&a[][b][d]=2&a[][b][c]=3"

    assert parse_query(query) == {"a": [{"b": {"c": "1", "d": "2"}}, {"b": {"c": "3"}}]}


def test_a_list_inside_a_hash_in_a_list_keeps_filling_the_last_hash():
    query = "a[][tags][]=x&a[][tags][]=y"

    assert parse_query(query) == {"a": [{"tags": ["x", "y"]}]}


def test_nested_empty_brackets_add_one_inner_list_per_pair():
    assert parse_query("a[][]=1&a[][]=2") == {"a": [["1"], ["2"]]}


def test_index_keys_become_a_list_ordered_by_index():
    query = (
        "invoice[positions][0][name]=x&invoice[positions][1][name]=y&invoice[positions][0][tax]=23"
    )

    assert parse_query(query) == {
        "invoice": {"positions": [{"name": "x", "tax": "23"}, {"name": "y"}]}
    }


def test_index_keys_are_ordered_as_numbers_not_as_text():
    query = "a[10]=ten&a[2]=two&a[1]=one"

    assert parse_query(query) == {"a": ["one", "two", "ten"]}


def test_index_keys_become_lists_at_every_depth():
    query = "a[0][b][0]=x&a[0][b][1]=y&a[1][b][0]=z"

    assert parse_query(query) == {"a": [{"b": ["x", "y"]}, {"b": ["z"]}]}


def test_the_top_level_stays_a_dict_even_with_index_keys():
    assert parse_query("0=a&1=b") == {"0": "a", "1": "b"}


def test_a_hash_mixing_index_and_other_keys_stays_a_hash():
    assert parse_query("a[0]=x&a[name]=y") == {"a": {"0": "x", "name": "y"}}


def test_a_repeated_scalar_keeps_its_last_value():
    assert parse_query("a=1&a=2") == {"a": "2"}


def test_empty_values_are_kept_as_empty_strings():
    assert parse_query("a[b]=&c=") == {"a": {"b": ""}, "c": ""}


def test_values_are_passed_through_untouched():
    upload = object()

    result = parse_nested([("invoice[attachment]", upload), ("invoice[count]", 3)])

    assert result == {"invoice": {"attachment": upload, "count": 3}}
    assert result["invoice"]["attachment"] is upload


def test_jquery_param_output_reads_back():
    # What `$.param({invoice: {kind: "vat", positions: [{name: "A", tax: 23}, {name: "B"}],
    # tags: ["x", "y"]}})` sends.
    query = urlencode(
        [
            ("invoice[kind]", "vat"),
            ("invoice[positions][0][name]", "A"),
            ("invoice[positions][0][tax]", "23"),
            ("invoice[positions][1][name]", "B"),
            ("invoice[tags][]", "x"),
            ("invoice[tags][]", "y"),
        ]
    )

    assert parse_query(query) == {
        "invoice": {
            "kind": "vat",
            "positions": [{"name": "A", "tax": "23"}, {"name": "B"}],
            "tags": ["x", "y"],
        }
    }


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("a=1&a[b]=2", "a[b]"),
        ("a[b]=2&a=1", "a"),
        ("a[]=1&a[b]=2", "a[b]"),
        ("a[b]=1&a[]=2", "a[]"),
        ("a=1&a[]=2", "a[]"),
        ("a[][b]=1&a[][b][c]=2", "a[][b][c]"),
    ],
)
def test_a_key_used_as_scalar_and_container_is_refused_by_name(query, key):
    with pytest.raises(ParamsError) as caught:
        parse_query(query)

    assert str(caught.value) == (
        f"Parameter {key!r} is used both as a value and as a nested structure"
    )


@pytest.mark.parametrize("key", ["a[b", "a]", "[a]", "", "a[b]c", "a[[b]]", "a[b]]"])
def test_a_malformed_key_is_refused_by_name(key):
    with pytest.raises(ParamsError) as caught:
        parse_nested([(key, "1")])

    assert str(caught.value) == f"Malformed parameter name {key!r}"


def test_keys_may_be_nested_thirty_two_levels_deep():
    key = "a" + "[b]" * (MAX_DEPTH - 1)

    expected = "1"
    for _ in range(MAX_DEPTH - 1):
        expected = {"b": expected}

    assert parse_nested([(key, "1")]) == {"a": expected}


def test_keys_nested_deeper_than_thirty_two_levels_are_refused():
    key = "a" + "[b]" * MAX_DEPTH

    with pytest.raises(ParamsError) as caught:
        parse_nested([(key, "1")])

    assert str(caught.value) == f"Parameter {key!r} is nested deeper than 32 levels"


def test_indexed_to_list_turns_an_index_hash_into_a_list():
    assert indexed_to_list({"1": {"name": "b"}, "0": {"name": "a"}}) == [
        {"name": "a"},
        {"name": "b"},
    ]


def test_indexed_to_list_converts_nested_index_hashes():
    assert indexed_to_list([{"tags": {"0": "x", "1": "y"}}]) == [{"tags": ["x", "y"]}]


@pytest.mark.parametrize(
    "value",
    [
        "text",
        None,
        5,
        [1, 2],
        {},
        {"name": "a"},
        {"0": "a", "name": "b"},
        {"-1": "a"},
        {"0": "a", "00": "b"},
        {"\u00b2": "a"},
    ],
)
def test_indexed_to_list_leaves_other_values_unchanged(value):
    assert indexed_to_list(value) == value


def test_indexed_to_list_does_not_modify_its_argument():
    value = {"a": {"0": "x"}}

    assert indexed_to_list(value) == {"a": ["x"]}
    assert value == {"a": {"0": "x"}}


# Nested data made of hashes (with non-index keys), lists of hashes and non-empty strings,
# the shapes jQuery's `$.param` writes with index keys for lists.
_names = st.text(alphabet="abcdefgh_", min_size=1, max_size=5)
_leaves = st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=8)
_trees = st.recursive(
    _leaves,
    lambda inner: st.one_of(
        st.dictionaries(_names, inner, min_size=1, max_size=4),
        st.lists(st.dictionaries(_names, inner, min_size=1, max_size=3), min_size=1, max_size=3),
    ),
    max_leaves=12,
)


def _flatten(value, prefix: str) -> list[tuple[str, str]]:
    if isinstance(value, dict):
        return [pair for key, item in value.items() for pair in _flatten(item, f"{prefix}[{key}]")]
    if isinstance(value, list):
        return [
            pair
            for index, item in enumerate(value)
            for pair in _flatten(item, f"{prefix}[{index}]")
        ]
    return [(prefix, value)]


@given(st.dictionaries(_names, _trees, min_size=1, max_size=4))
def test_flattened_params_nest_back_into_the_original_data(data):
    pairs = [pair for key, item in data.items() for pair in _flatten(item, key)]

    assert parse_nested(pairs) == data
