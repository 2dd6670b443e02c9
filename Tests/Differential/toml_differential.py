#!/usr/bin/env python3
"""Differential test of winddown's TOML reader (through toml-decode) against Python's tomllib.

    python3 toml_differential.py --decoder PATH [--count N] [--seed S] [--files F...]

Builds a deterministic corpus of at least N documents (the given files, random valid
documents, mutations of them, and a hand list of tricky cases), decodes them all with one run
of the decoder, parses each with tomllib, and compares verdicts and values.

Where TOML 1.0 and tomllib part ways, the driver expects TOML 1.0 (counted separately):
  * integers outside 64 bits: tomllib accepts them, TOML requires an error;
  * documents nested deeper than the reader's limit of 100 (arrays and inline tables, or
    dotted keys of more than 100 parts): the reader reports a nesting error, tomllib accepts
    them or runs out of recursion.
Documents on which tomllib raises a ValueError that is not a TOMLDecodeError (e.g. Python's
limit on digits in an integer) are skipped and counted.
"""

import argparse
import datetime
import json
import math
import os
import random
import re
import struct
import subprocess
import sys
import tempfile
import time
import tomllib

NESTING_LIMIT = 100
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


# MARK: Normal forms shared by both sides

def normal_from_python(value):
    """tomllib's result as nested tuples: ("table", [(key, v)...]), ("array", [...]),
    (type, scalar)."""
    if isinstance(value, dict):
        return ("table", [(k, normal_from_python(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("array", [normal_from_python(v) for v in value])
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int):
        return ("integer", value)
    if isinstance(value, float):
        return ("float", value)
    if isinstance(value, str):
        return ("string", value)
    if isinstance(value, datetime.datetime):
        parts = (value.year, value.month, value.day, value.hour, value.minute, value.second,
                 value.microsecond)
        if value.tzinfo is None:
            return ("datetime-local", parts)
        offset = value.utcoffset()
        return ("datetime", parts + (int(offset.total_seconds()) // 60,))
    if isinstance(value, datetime.date):
        return ("date-local", (value.year, value.month, value.day))
    if isinstance(value, datetime.time):
        return ("time-local", (value.hour, value.minute, value.second, value.microsecond))
    raise TypeError(f"unexpected value from tomllib: {value!r}")


DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
TIME_RE = re.compile(r"(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?")
OFFSET_RE = re.compile(r"Z|([+-])(\d{2}):(\d{2})")


def parse_time_text(text):
    m = TIME_RE.fullmatch(text)
    if not m:
        raise ValueError(f"bad time text {text!r}")
    fraction = (m.group(4) or "")[:6].ljust(6, "0")  # truncated to microseconds, as tomllib
    return (int(m.group(1)), int(m.group(2)), int(m.group(3)), int(fraction))


def parse_datetime_text(kind, text):
    if kind == "date-local":
        m = DATE_RE.fullmatch(text)
        if not m:
            raise ValueError(f"bad date text {text!r}")
        return tuple(int(g) for g in m.groups())
    if kind == "time-local":
        return parse_time_text(text)
    m = DATE_RE.match(text)
    if not m or len(text) < 11 or text[10] not in "Tt ":
        raise ValueError(f"bad date-time text {text!r}")
    date = tuple(int(g) for g in m.groups())
    rest = text[11:]
    if kind == "datetime-local":
        return date + parse_time_text(rest)
    om = re.search(r"(Z|z|[+-]\d{2}:\d{2})$", rest)
    if not om:
        raise ValueError(f"bad offset in {text!r}")
    off = om.group(1)
    minutes = 0 if off in "Zz" else (1 if off[0] == "+" else -1) * (int(off[1:3]) * 60 + int(off[4:6]))
    return date + parse_time_text(rest[: om.start()]) + (minutes,)


def normal_from_json(value):
    """The decoder's tagged JSON in the same form as normal_from_python."""
    if isinstance(value, list):
        return ("array", [normal_from_json(v) for v in value])
    if not isinstance(value, dict):
        raise ValueError(f"unexpected JSON {value!r}")
    if set(value) == {"type", "value"} and isinstance(value["type"], str) and isinstance(value["value"], str):
        kind, text = value["type"], value["value"]
        if kind == "string":
            return ("string", text)
        if kind == "integer":
            return ("integer", int(text))
        if kind == "float":
            return ("float", float(text))
        if kind == "bool":
            if text not in ("true", "false"):
                raise ValueError(f"bad bool {text!r}")
            return ("bool", text == "true")
        if kind in ("datetime", "datetime-local", "date-local", "time-local"):
            return (kind, parse_datetime_text(kind, text))
        raise ValueError(f"unknown type {kind!r}")
    return ("table", [(k, normal_from_json(v)) for k, v in value.items()])


def same(a, b):
    """Equal normal forms; floats numerically, NaN equal to NaN, the sign of zero counted."""
    if a[0] != b[0]:
        return False
    kind = a[0]
    if kind == "table":
        return len(a[1]) == len(b[1]) and all(
            ka == kb and same(va, vb) for (ka, va), (kb, vb) in zip(a[1], b[1]))
    if kind == "array":
        return len(a[1]) == len(b[1]) and all(same(x, y) for x, y in zip(a[1], b[1]))
    if kind == "float":
        x, y = a[1], b[1]
        if math.isnan(x) or math.isnan(y):
            return math.isnan(x) and math.isnan(y)
        return x == y and math.copysign(1.0, x) == math.copysign(1.0, y)
    return a[1] == b[1]


def tree_depth(value):
    """Depth of nested tables and arrays below the root (the root's own values are at 1)."""
    best, stack = 0, [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        best = max(best, depth)
        stack.extend((child, depth + 1) for child in children)
    return best


def has_wide_integer(value):
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, int) and not isinstance(item, bool) and not INT64_MIN <= item <= INT64_MAX:
            return True
    return False


# MARK: The corpus

#CORPUS#

# MARK: The oracle

def python_verdict(data):
    """("valid", result) | ("invalid", why) | ("deep", why) | ("skip", why)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return ("invalid", f"UnicodeDecodeError: {error}")
    try:
        return ("valid", tomllib.loads(text))
    except tomllib.TOMLDecodeError as error:
        return ("invalid", f"TOMLDecodeError: {error}")
    except RecursionError:
        return ("deep", "RecursionError")
    except ValueError as error:
        return ("skip", f"ValueError: {error}")


def is_nesting_error(message):
    return "nested more than" in message or f"more than {NESTING_LIMIT} parts" in message


def run_decoder(decoder, documents):
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "batch.bin")
        with open(path, "wb") as batch:
            for data in documents:
                batch.write(struct.pack("<I", len(data)))
                batch.write(data)
        started = time.monotonic()
        finished = subprocess.run([decoder, path], capture_output=True)
        elapsed = time.monotonic() - started
    if finished.returncode != 0:
        sys.exit(f"decoder failed with status {finished.returncode}: {finished.stderr.decode(errors='replace')[-2000:]}")
    lines = finished.stdout.decode("utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if len(lines) != len(documents):
        sys.exit(f"decoder printed {len(lines)} lines for {len(documents)} documents")
    return [json.loads(line) for line in lines], elapsed


def build_corpus(count, seed, files):
    generator = Generator(seed)
    corpus = []
    for name in files:
        with open(name, "rb") as handle:
            corpus.append((f"file {name}", handle.read()))
    corpus.extend(("hand", data) for data in hand_cases())
    valid_pool = []
    index = 0
    while len(corpus) < count + 50:  # a few spare for skipped documents
        index += 1
        if index % 2 == 1 or not valid_pool:
            data = generator.document()
            valid_pool.append(data)
            if len(valid_pool) > 400:
                valid_pool.pop(0)
            corpus.append(("generated", data))
        else:
            source = generator.rng.choice(valid_pool)
            corpus.append(("mutated", mutate(generator.rng, source)))
    return corpus


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--decoder", required=True)
    parser.add_argument("--count", type=int, default=12000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--files", nargs="*", default=[])
    parser.add_argument("--bench", action="store_true",
                        help="also time the decoder on one generated document of about 1 MiB")
    args = parser.parse_args()

    corpus = build_corpus(args.count, args.seed, args.files)
    results, elapsed = run_decoder(args.decoder, [data for _, data in corpus])

    valid = invalid = skipped = deep = wide = 0
    disagreements = []
    for (origin, data), swift in zip(corpus, results):
        verdict, detail = python_verdict(data)
        if verdict == "skip":
            skipped += 1
            continue
        swift_ok = "ok" in swift
        swift_error = swift.get("error", "")
        problem = None
        if verdict == "deep" or (verdict == "valid" and tree_depth(detail) > NESTING_LIMIT):
            # Beyond the reader's limit: a nesting error, or the same result as tomllib.
            deep += 1
            if swift_ok:
                if verdict == "deep" or not same(normal_from_python(detail), normal_from_json(swift["ok"])):
                    problem = "past the nesting limit: values differ"
                else:
                    valid += 1
            elif not is_nesting_error(swift_error):
                problem = "past the nesting limit: expected a nesting error"
            else:
                invalid += 1
        elif verdict == "valid" and has_wide_integer(detail):
            # TOML 1.0: an integer that does not fit in 64 bits is an error.
            wide += 1
            if swift_ok or "does not fit in 64 bits" not in swift_error:
                problem = "expected an error for an integer outside 64 bits"
            else:
                invalid += 1
        elif verdict == "valid":
            valid += 1
            if not swift_ok:
                problem = "tomllib accepts, toml-decode rejects"
            else:
                try:
                    if not same(normal_from_python(detail), normal_from_json(swift["ok"])):
                        problem = "values differ"
                except ValueError as error:
                    problem = f"undecodable decoder output: {error}"
        else:
            invalid += 1
            if swift_ok:
                problem = "tomllib rejects, toml-decode accepts"
            elif not re.fullmatch(r"line \d+, column \d+: .+", swift_error):
                problem = "error without line and column"
        if problem:
            disagreements.append((origin, data, problem, verdict, detail, swift))

    compared = valid + invalid
    print(f"toml differential: {compared} documents, {valid} valid, {invalid} invalid, "
          f"{len(disagreements)} disagreements")
    print(f"  ({skipped} skipped for a tomllib ValueError; {deep} past the nesting limit of "
          f"{NESTING_LIMIT}; {wide} with integers outside 64 bits; decoder took {elapsed:.2f} s)")
    for origin, data, problem, verdict, detail, swift in disagreements[:20]:
        print(f"--- {problem} ({origin})")
        print(f"  document: {data[:600]!r}{' ...' if len(data) > 600 else ''}")
        shown = detail if verdict != "valid" else normal_from_python(detail)
        print(f"  tomllib:  {verdict}: {str(shown)[:600]}")
        print(f"  decoder:  {str(swift)[:600]}")

    if args.bench:
        document = Generator(args.seed).large_document(1 << 20)
        _, seconds = run_decoder(args.decoder, [document])
        print(f"  bench: one {len(document)}-byte document decoded (process start, parse, JSON) in {seconds:.3f} s")

    failed = bool(disagreements) or compared < args.count or valid < 3000 or invalid < 3000
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
