"""Reading rows back: the stores' shortcuts for enum text and empty metadata
give exactly what the plain constructors give."""

from __future__ import annotations

import json

import pytest

from core.models import MemoryKind, MemorySource
from infrastructure.storage.normalize import stored_json_object, stored_kind, stored_source


def test_stored_enum_text_maps_to_the_same_member_and_unknown_text_still_fails():
    for kind in MemoryKind:
        assert stored_kind(kind.value) is MemoryKind(kind.value)
    for source in MemorySource:
        assert stored_source(source.value) is MemorySource(source.value)
    with pytest.raises(ValueError):
        stored_kind("FACT")  # the constructor is exact about case; so is the shortcut
    with pytest.raises(ValueError):
        stored_source("nowhere")


def test_empty_metadata_is_a_new_dict_each_time_and_other_json_is_parsed():
    first = stored_json_object("{}")
    first["turn_ids"] = ["t1"]
    assert stored_json_object("{}") == {}  # a caller's change to one row does not leak to the next
    text = json.dumps({"turn_ids": ["t1"], "note": "café ☕ \u2028 line"})
    assert stored_json_object(text) == json.loads(text)
    assert stored_json_object("[]") == [] and stored_json_object('{"a": {}}') == {"a": {}}
