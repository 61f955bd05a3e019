"""Checks YAML files against a JSON Schema as an editor's YAML language server would: the file
read as YAML 1.2 (ruamel.yaml), then validated with a draft-07 validator (jsonschema).

    python3 validate.py SCHEMA FILE...

prints one line per file: `FILE<TAB>valid`, `FILE<TAB>invalid<TAB>why`,
`FILE<TAB>unreadable<TAB>why` (not YAML at all) or `FILE<TAB>aliased` (it has anchors or
aliases, which are not expanded: an alias bomb would take minutes)."""
import datetime
import json
import sys

import jsonschema
from ruamel.yaml import YAML
from ruamel.yaml.events import AliasEvent


def plain(value):
    """The YAML value as JSON data: keys as text, dates and times as the text they were."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        schema = json.load(handle)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    for path in sys.argv[2:]:
        try:
            with open(path, "rb") as handle:
                text = handle.read().decode("utf-8")
            events = YAML(typ="safe", pure=True).parse(text)
            if any(isinstance(event, AliasEvent) or getattr(event, "anchor", None) for event in events):
                print(f"{path}\taliased")
                continue
            data = plain(YAML(typ="safe", pure=True).load(text))
        except Exception as error:  # any failure to read is "not YAML" to an editor
            print(f"{path}\tunreadable\t{type(error).__name__}")
            continue
        errors = sorted(validator.iter_errors(data), key=lambda error: list(error.absolute_path))
        if errors:
            where = "/".join(str(part) for part in errors[0].absolute_path)
            print(f"{path}\tinvalid\t{where}: {errors[0].message[:200]}")
        else:
            print(f"{path}\tvalid")


main()
