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
import string
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
    """How deep the deepest value sits below the root (the root's own values are at 1)."""
    best, stack = 0, [(value, 0)]
    while stack:
        item, depth = stack.pop()
        best = max(best, depth)
        if isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
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

BARE_CHARS = string.ascii_letters + string.digits + "_-"
UNICODE_BITS = ["é", "ß", "ñ", "Ω", "жизнь", "中文", "ア", "😀", "🎵", "\u0085", "\u00a0", "\u2028",
                "\ufeff", "\uffff", "\U0010ffff", "e\u0301", "\u200b", "\U0001f600"]
WORDS = ["name", "volume", "fade", "sound", "title", "step", "routine", "x", "a", "b", "key", "true",
         "false", "inf", "nan", "1", "2024", "0x1", "1e5", "-", "_", "A-b_9", "schedule", "mon"]
CONTROLS = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\r", "\n", "\t"]


class Table:
    """The generator's model of a table, to keep most documents valid."""

    def __init__(self, kind):
        self.kind = kind  # root, implicit, header, dotted, element
        self.closed = kind == "header"
        self.children = {}  # name -> Table | ArrayOfTables | "value"


class ArrayOfTables:
    def __init__(self):
        self.elements = [Table("element")]


class Model:
    def __init__(self):
        self.root = Table("root")
        self.pending = []

    def close_pending(self):
        for table in self.pending:
            table.closed = True
        self.pending = []

    def check_header(self, path, array):
        node = self.root
        for name in path[:-1]:
            child = node.children.get(name)
            if child is None:
                return True
            if isinstance(child, Table):
                node = child
            elif isinstance(child, ArrayOfTables):
                node = child.elements[-1]
            else:
                return False
        last = node.children.get(path[-1])
        if array:
            return last is None or isinstance(last, ArrayOfTables)
        return last is None or (isinstance(last, Table) and last.kind == "implicit" and not last.closed)

    def apply_header(self, path, array):
        node = self.root
        for name in path[:-1]:
            child = node.children.get(name)
            if child is None:
                child = node.children[name] = Table("implicit")
            node = child.elements[-1] if isinstance(child, ArrayOfTables) else child
            if not isinstance(node, Table):
                return Table("header")  # an invalid header was emitted on purpose
        last = node.children.get(path[-1])
        if array:
            if isinstance(last, ArrayOfTables):
                last.elements.append(Table("element"))
                return last.elements[-1]
            node.children[path[-1]] = ArrayOfTables()
            return node.children[path[-1]].elements[-1]
        if isinstance(last, Table):
            last.kind, last.closed = "header", True
            return last
        table = node.children[path[-1]] = Table("header")
        return table

    def check_kv(self, section, parts):
        node = section
        for name in parts[:-1]:
            child = node.children.get(name)
            if child is None:
                return True
            if not isinstance(child, Table) or child.closed:
                return False
            node = child
        return parts[-1] not in node.children

    def apply_kv(self, section, parts):
        node = section
        for name in parts[:-1]:
            child = node.children.get(name)
            if child is None:
                child = node.children[name] = Table("dotted")
            if not isinstance(child, Table):
                return
            self.pending.append(child)
            node = child
        node.children[parts[-1]] = "value"


class Generator:
    """Random TOML documents, most of them valid, covering every feature of TOML 1.0."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.counter = 0
        self.invalid_rate = 0.04

    # MARK: Names and strings

    def fresh(self):
        rng = self.rng
        self.counter += 1
        r = rng.random()
        if r < 0.45:
            return f"{rng.choice(WORDS)}{self.counter}"
        if r < 0.6:
            return "".join(rng.choice(BARE_CHARS) for _ in range(rng.randint(1, 8))) + str(self.counter)
        if r < 0.85:
            return self.text(single_line=True, length=4) + str(self.counter)
        if r < 0.95:
            return rng.choice(WORDS)
        return rng.choice(["", " ", ".", "a.b", "#", "=", "[x]", "\"", "'", "é"])

    def text(self, single_line=False, length=10):
        rng = self.rng
        out = []
        for _ in range(rng.randint(0, length)):
            r = rng.random()
            if r < 0.35:
                out.append("".join(rng.choice(string.ascii_letters) for _ in range(rng.randint(1, 6))))
            elif r < 0.5:
                out.append(" ")
            elif r < 0.62:
                out.append(rng.choice("!#$%&()*+,-./:;<=>?@[]^_`{|}~"))
            elif r < 0.72:
                out.append(rng.choice(["\"", "'", "\\", "\"\"", "''", "\"\"\"", "'''"]))
            elif r < 0.86:
                out.append(rng.choice(UNICODE_BITS))
            elif r < 0.93:
                out.append("\t")
            elif single_line:
                out.append(rng.choice(CONTROLS[:8]))
            else:
                out.append(rng.choice(CONTROLS))
        return "".join(out)

    def escape_char(self, c, raw_ok):
        rng = self.rng
        short = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", "\"": "\\\"", "\\": "\\\\"}
        code = ord(c)
        if c in short and not (raw_ok and c in "\t\n" and rng.random() < 0.7):
            return short[c] if rng.random() < 0.8 or c in "\"\\" else f"\\u{code:04X}"
        if code < 0x20 and c not in "\t\n" or code == 0x7F:
            return f"\\u{code:04x}" if rng.random() < 0.7 else f"\\U{code:08X}"
        if c in "\t\n":
            return c
        r = rng.random()
        if code > 0x7F and r < 0.2:
            return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08x}"
        if r < 0.03:
            return f"\\U{code:08X}"
        return c

    def basic(self, s):
        return "\"" + "".join(self.escape_char(c, raw_ok=False) for c in s) + "\""

    def key_text(self, name):
        rng = self.rng
        r = rng.random()
        if name and all(c in BARE_CHARS for c in name) and r < 0.8:
            return name
        if "'" not in name and not any(ord(c) < 32 and c != "\t" or ord(c) == 127 for c in name) and r < 0.9:
            return "'" + name + "'"
        return self.basic(name)

    def path_text(self, parts):
        return "".join(
            (self.rng.choice([".", " .", ". ", " . ", "\t.\t"]) if i else "") + self.key_text(p)
            for i, p in enumerate(parts))

    def multiline_basic(self, s):
        rng = self.rng
        out = ["\"\"\""]
        if rng.random() < 0.5:
            out.append("\n")
        run = 0
        for c in s:
            if c == "\"" and run < 2 and rng.random() < 0.6:
                out.append(c)
                run += 1
                continue
            run = 0
            piece = self.escape_char(c, raw_ok=True)
            if c == "\"" and piece == c:
                piece = "\\\""
            out.append(piece)
            if rng.random() < 0.05:
                out.append("\\" + rng.choice(["", " ", "\t "]) + "\n" + rng.choice(["", "  ", "\n\t "]))
        out.append("\"\"\"")
        return "".join(out)

    def multiline_literal(self, s):
        rng = self.rng
        out = ["'''"]
        if rng.random() < 0.5:
            out.append("\n")
        run = 0
        for c in s:
            if ord(c) < 32 and c not in "\t\n" or ord(c) == 127:
                continue
            if c == "'":
                if run >= 2:
                    continue
                run += 1
            else:
                run = 0
            out.append(c)
        out.append("'''")
        return "".join(out)

    def string_value(self):
        rng = self.rng
        r = rng.random()
        if r < 0.4:
            return self.basic(self.text(single_line=True))
        if r < 0.6:
            s = "".join(c for c in self.text(single_line=True) if c not in "'\n" and (ord(c) >= 32 or c == "\t") and c != "\x7f")
            return "'" + s + "'"
        if r < 0.8:
            return self.multiline_basic(self.text())
        return self.multiline_literal(self.text())

    # MARK: Numbers and dates

    def underscored(self, digits):
        rng = self.rng
        if len(digits) < 2 or rng.random() < 0.6:
            return digits
        out = [digits[0]]
        for d in digits[1:]:
            if rng.random() < 0.3:
                out.append("_")
            out.append(d)
        return "".join(out)

    def integer_value(self):
        rng = self.rng
        r = rng.random()
        if r < 0.003 and self.invalid_rate > 0:
            return rng.choice(["9223372036854775808", "-9223372036854775809", "0x8000000000000000",
                               "99999999999999999999"])
        if r < 0.45:
            v = rng.choice([0, 1, 7, 42, 100, rng.randint(-10**6, 10**6), rng.randint(-10**18, 10**18)])
            sign = "-" if v < 0 else rng.choice(["", "", "+"])
            return sign + self.underscored(str(abs(v)))
        if r < 0.6:
            v = rng.choice([INT64_MAX, INT64_MIN, INT64_MAX - 1, INT64_MIN + 1, 2**53 + 1, -(2**53), 2**32])
            return ("-" if v < 0 else rng.choice(["", "+"])) + self.underscored(str(abs(v)))
        if r < 0.9:
            v = rng.choice([0, 1, 255, rng.randint(0, 2**16), rng.randint(0, INT64_MAX), INT64_MAX])
            base = rng.choice(["x", "o", "b"])
            digits = {"x": f"{v:x}", "o": f"{v:o}", "b": f"{v:b}"}[base]
            if base == "x" and rng.random() < 0.5:
                digits = "".join(c.upper() if rng.random() < 0.5 else c for c in digits)
            if rng.random() < 0.2:
                digits = "0" * rng.randint(1, 3) + digits
            return "0" + base + self.underscored(digits)
        return rng.choice(["0", "+0", "-0"])

    def float_value(self):
        rng = self.rng
        r = rng.random()
        if r < 0.1:
            return rng.choice(["inf", "+inf", "-inf", "nan", "+nan", "-nan"])
        if r < 0.3:
            return rng.choice(["0.0", "-0.0", "+0.0", "1e308", "1.7976931348623157e308", "5e-324",
                               "2.2250738585072014e-308", "1e-400", "1e400", "-1e400", "0e0", "-0e0",
                               "1E+5", "3.14159", "6.626e-34", "1e-07", "9007199254740993.0", "0.1",
                               "1e0_1", "1_000.000_1", "224_617.445_991_228", "-1.5E-0_3"])
        whole = "0" if rng.random() < 0.3 else self.underscored(str(rng.randint(1, 10**rng.randint(1, 20))))
        frac = "." + self.underscored(str(rng.randint(0, 10**rng.randint(1, 18))).zfill(rng.randint(1, 3)))
        exp = rng.choice(["e", "E"]) + rng.choice(["", "+", "-"]) + self.underscored(str(rng.randint(0, 400)).zfill(rng.randint(1, 3)))
        body = rng.choice([whole + frac, whole + exp, whole + frac + exp])
        return rng.choice(["", "", "+", "-"]) + body

    def datetime_value(self):
        rng = self.rng
        year = rng.choice([1, 1979, 2000, 2024, 9999, 1900, rng.randint(1, 9999)])
        month = rng.randint(1, 12)
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        day = rng.choice([1, days, rng.randint(1, days)])
        date = f"{year:04d}-{month:02d}-{day:02d}"
        clock = f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
        if rng.random() < 0.4:
            clock += "." + "".join(rng.choice(string.digits) for _ in range(rng.choice([1, 3, 6, 7, 9, 12])))
        kind = rng.random()
        if kind < 0.25:
            return date
        if kind < 0.45:
            return clock
        full = date + rng.choice(["T", "T", "t", " "]) + clock
        if kind < 0.65:
            return full
        offset = rng.choice(["Z", "z", f"+{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
                             f"-{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}", "+00:00", "-00:00"])
        return full + offset

    # MARK: Arrays, inline tables, values

    def array_value(self, depth):
        rng = self.rng
        items = [self.value(depth + 1) for _ in range(rng.randint(0, 5))]
        multiline = rng.random() < 0.4

        def gap():
            if not multiline:
                return rng.choice(["", " ", "  ", "\t"])
            return rng.choice(["\n", "\n  ", " # note é\n", "\n\n    ", "\t#\t\n"])

        text = "[" + gap()
        for i, item in enumerate(items):
            text += item + gap()
            if i < len(items) - 1 or rng.random() < 0.3:
                text += "," + gap()
        return text + "]"

    def inline_value(self, depth):
        rng = self.rng
        plain, under, prefix, dotted = set(), set(), self.fresh(), False
        entries = []
        for _ in range(rng.randint(0, 4)):
            leaf = self.fresh()
            if rng.random() < 0.3:
                if leaf in under or prefix in plain:
                    continue
                under.add(leaf)
                dotted = True
                parts = [prefix, leaf]
            else:
                if leaf in plain or (leaf == prefix and dotted):
                    continue
                plain.add(leaf)
                parts = [leaf]
            entries.append(self.path_text(parts) + rng.choice(["=", " = ", " =", "= "]) + self.value(depth + 1))
        sep = rng.choice([",", ", ", " , ", ",\t"])
        return "{" + rng.choice(["", " "]) + sep.join(entries) + rng.choice(["", " "]) + "}"

    def value(self, depth=0):
        rng = self.rng
        kinds = ["string", "integer", "float", "bool", "datetime"]
        if depth < 4:
            kinds += ["array", "inline"]
        kind = rng.choice(kinds)
        if kind == "string":
            return self.string_value()
        if kind == "integer":
            return self.integer_value()
        if kind == "float":
            return self.float_value()
        if kind == "bool":
            return rng.choice(["true", "false"])
        if kind == "datetime":
            return self.datetime_value()
        if kind == "array":
            return self.array_value(depth)
        return self.inline_value(depth)

    # MARK: Documents

    def comment(self):
        return "#" + "".join(c for c in self.text(single_line=True, length=5)
                             if ord(c) >= 32 and ord(c) != 127 or c == "\t")

    def body(self, model, section, lines):
        rng = self.rng
        prefixes = []
        for _ in range(rng.randint(0, 6)):
            r = rng.random()
            if r < 0.2 and prefixes:
                parts = list(rng.choice(prefixes)) + [self.fresh()]
            elif r < 0.35:
                parts = [self.fresh() for _ in range(rng.randint(2, 3))]
                prefixes.append(tuple(parts[:-1]))
            else:
                parts = [self.fresh()]
            if not model.check_kv(section, parts) and rng.random() > self.invalid_rate:
                continue
            model.apply_kv(section, parts)
            line = (rng.choice(["", "", "  ", "\t"]) + self.path_text(parts)
                    + rng.choice([" = ", "=", " =", "= ", "\t=\t"]) + self.value())
            if rng.random() < 0.2:
                line += rng.choice([" ", "  ", "\t"]) + self.comment()
            elif rng.random() < 0.1:
                line += rng.choice([" ", "\t"])
            lines.append(line)
            if rng.random() < 0.15:
                lines.append(rng.choice(["", "   ", self.comment()]))

    def document(self):
        rng = self.rng
        model = Model()
        lines = []
        if rng.random() < 0.2:
            lines.append(self.comment())
        self.body(model, model.root, lines)
        tables, arrays = [], []
        for _ in range(rng.randint(0, 7)):
            model.close_pending()
            r = rng.random()
            array = False
            if r < 0.15 and tables:
                path = rng.choice(tables)  # maybe an implicit super-table, defined now
            elif r < 0.35 and arrays:
                path, array = rng.choice(arrays), True
            elif r < 0.5 and arrays:
                path = rng.choice(arrays) + (self.fresh(),)
                array = rng.random() < 0.3
            else:
                base = rng.choice(tables) if tables and rng.random() < 0.4 else ()
                path = base + tuple(self.fresh() for _ in range(rng.randint(1, 3)))
                array = rng.random() < 0.25
            if not model.check_header(path, array) and rng.random() > self.invalid_rate:
                continue
            section = model.apply_header(path, array)
            for i in range(1, len(path)):
                tables.append(path[:i])
            (arrays if array else tables).append(path)
            text = self.path_text(path)
            pad = lambda: rng.choice(["", "", " ", "\t"])  # noqa: E731
            header = ("[[" + pad() + text + pad() + "]]") if array else ("[" + pad() + text + pad() + "]")
            if rng.random() < 0.3:
                lines.append("")
            lines.append(rng.choice(["", "", " "]) + header
                         + (rng.choice([" ", "\t"]) + self.comment() if rng.random() < 0.2 else ""))
            self.body(model, section, lines)
        text = "\n".join(lines) + ("\n" if rng.random() < 0.85 else "")
        r = rng.random()
        if r < 0.2:
            text = text.replace("\n", "\r\n")
        elif r < 0.25:
            text = "".join("\r\n" if c == "\n" and rng.random() < 0.5 else c for c in text)
        return text.encode("utf-8")

    def large_document(self, size):
        """A valid document of about `size` bytes."""
        saved, self.invalid_rate = self.invalid_rate, 0.0
        chunks, total, index = [], 0, 0
        while total < size:
            index += 1
            lines = [f"[section{index}]"] if index % 3 else [f"[[list]]"]
            for _ in range(20):
                lines.append(f"key{self.counter} = {self.value()}")
                self.counter += 1
            chunk = "\n".join(lines) + "\n"
            chunks.append(chunk)
            total += len(chunk.encode())
        self.invalid_rate = saved
        return "".join(chunks).encode()


INTERESTING = [b"[", b"]", b"[[", b"]]", b"{", b"}", b"\"", b"'", b"\"\"\"", b"'''", b"=", b".", b",",
               b"#", b"\\", b"\n", b"\r", b"\r\n", b"\t", b" ", b"\x00", b"\x01", b"\x08", b"\x1f",
               b"\x7f", b"\x80", b"\xff", b"\xc0\x80", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x82",
               b"\xc3", b"0", b"1", b"_", b"+", b"-", b"e", b"E", b"x", b"o", b"b", b":", b"T", b"Z",
               b"z", b"a", b"true", b"inf", b"nan", b"\\u", b"\\U0011FFFF", b"\\uD800", b"\\ ",
               "é".encode(), "😀".encode(), b"\xef\xbb\xbf", b"a.b", b"[a]\n", b"[[a]]\n", b"a=1\n"]


def mutate(rng, data):
    data = bytearray(data)
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        op = rng.randrange(9)
        at = rng.randint(0, len(data))
        if op == 0 and data:  # delete bytes
            del data[at:at + rng.choice([1, 1, 2, 5])]
        elif op in (1, 2):  # insert something interesting
            data[at:at] = rng.choice(INTERESTING)
        elif op == 3 and data:  # replace a byte
            data[min(at, len(data) - 1)] = rng.choice(INTERESTING)[0]
        elif op == 4:  # truncate
            del data[at:]
        elif op in (5, 6):  # duplicate or move a line
            lines = bytes(data).split(b"\n")
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            if op == 5:
                lines.insert(j, lines[i])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            data = bytearray(b"\n".join(lines))
        elif op == 7 and data:  # duplicate a slice
            end = min(len(data), at + rng.randint(1, 12))
            data[at:at] = data[at:end]
        else:  # a random byte
            data[at:at] = bytes([rng.randrange(256)])
    return bytes(data)


def hand_cases():
    """Tricky documents, valid and invalid."""
    cases = [
        # Headers and statements
        "[\n", "[", "[]", "[[]]", "[a", "[a]]", "[[a]", "[[a] ]", "[ [a]]", "[a] ]", "[a.]", "[.a]",
        "[a..b]", "['']", '[""]', "[ '' ]", "[a . b]", "[a\t.\tb]", '["a".b]', '[a."b.c"]',
        "[a]\n[A]", "a", "a=", "a =\n", "=1", "a==1", "a = 1 2", "a = 1,", "a = 1 [b]",
        "[a] b = 1", "[a]b=1", "[a] # c", "[a]#c", "[[a]] # c", "[ a ]\n[[ b ]]", "[[ a]]\n[[a ]]",
        "a = 1\n\n\n", "\t\t", " \n \n", "", "\n", "#", "# only a comment",
        # Duplicate keys
        "a=1\na=2", "a=1\nA=2", "a=1\n'a'=2", 'a=1\n"a"=2', "\"a\"=1\n'a'=2", "a.b=1\na.b=2",
        "a={}\na.b=1", "a={b=1}\n[a]", "a={b=1}\n[a.c]", "a=[]\n[[a]]", "a=[{}]\n[[a]]",
        "a=[{}]\n[a.b]", "a=1\n[a]", "a=1\n[a.b]", "a=1\na.b=2", "a.b=1\na=2", '"a.b"=1\na.b=2',
        "[a]\nb=1\nb=2", "[a]\nb=1\n[a.b]", "a=[1]\na.b=2",
        # Tables defined twice, super-tables, dotted keys
        "[a]\n[a]", "[a]\nb=1\n[a]\nc=2", "[a.b]\n[a]", "[a.b]\n[a]\n[a]", "[a]\n[a.b]\n[a]",
        "[a]\nb.c=1\n[a.b]", "[a]\nb.c=1\n[a.b.d]", "a.b=1\n[a]", "a.b.c=1\n[a.b]", "a.b.c=1\n[a.x]",
        "[a.b.c]\n[a]\nb.c.d=1", "[a.b.c]\n[a]\nb.d=1", "[a.b.c]\nz=9\n[a]\nb.c.t=1",
        "[a.b.c.d]\nz=9\n[a]\nb.c.d.k.t=1", "[a]\nb.c=1\nb.d=2", "a.b=1\na.c=2", "a.b=1\n[x]\n[a.c]",
        "[a]\nb.c=1\n[a]", "[a.b.c]\n[a.b]\nc.d=1", "[a]\n[a.b]\n[a.b.c]", "[a.b]\n[a.b.c]\n[a.b]",
        "[a.b.c]\n[a]\nb.x=1\n[a.b]", "[a]\nb.c.d=1\n[a.b.c.x]", "[a]\nb.c.d=1\n[a.b.e]\nf.g=1",
        "a.b.c=1\na.b.d=2\n[a.e]", "[x.y]\n[x]\ny.z=1", "[x.y.z]\n[x]\ny.w=1\n[x.y]",
        # Arrays of tables
        "[[a]]\n[[a]]", "[[a]]\n[a]", "[a]\n[[a]]", "[[a]]\n[a.b]\n[[a]]\n[a.b]", "[[a]]\n[a.b]\n[a.b]",
        "[[a.b]]\n[a]", "[[a.b]]\n[[a]]", "[[a]]\nb.c=1\n[a.b]", "[[a]]\nb.c=1\n[[a]]\n[a.b]",
        "[[a]]\n[[a.b]]\n[[a.b]]\n[[a]]\n[[a.b]]", "[x]\n[[x.a]]\n[x]", "[[x.a]]\n[x]\na.b=1",
        "[[a]]\nb=[{}]\n[[a]]\n[a.b.c]", "[[a]]\nb={}\n[[a]]\nb={}", "[[a]]\nb={}\n[a.b]",
        "[[a]]\n[a.b]\nc=1\n[[a]]\nb.d=1", "[a]\n[[a.b]]\n[a.b.c]\n[[a.b]]\n[a.b.c]",
        "[[fruits]]\nname='apple'\n[fruits.physical]\ncolor='red'\n[[fruits.varieties]]\nname='red'\n"
        "[[fruits.varieties]]\nname='granny'\n[[fruits]]\nname='banana'\n[[fruits.varieties]]\nname='plantain'",
        "[[a]]\n[[a.b]]\n[a.b.c]\nx=1\n[a.b.c]", "a = []\n[[a]]", "[[a]]\na=1\n[[a.a]]",
        # Inline tables
        "a={b=1,}", "a={b=1\n}", "a={\n}", "a={}", "a={ }", "a={b.c=1, b.d=2}", "a={b={c=1}, b.d=2}",
        "a={b.c=1, b=2}", "a={b=1, b=2}", "a={b.c=1, b.c.d=2}", "a={b=[1], b.c=1}",
        "a = {b = [\n1,\n2\n]}", 'a = {b = """x\ny"""}', "a={ , }", "a={b=1 c=2}", "a={b=1,,c=2}",
        "a={b=1}\na.c=2", "a={b=1}\n[a.b]", "a = { b = { c = { d = 1 } } }", "a = {'' = 1, \"\" = 2}",
        "a={b=1}# c", "a = {b = 1, c = [1, {d = 2}]}", "a={b=1, # c\n}", "a={#\n}",
        # Strings
        'a="\\q"', 'a="\\u00e9"', 'a="\\uD800"', 'a="\\uDFFF"', 'a="\\U00110000"', 'a="\\U0010FFFF"',
        'a="\\u12"', 'a="\\u12G4"', 'a="\\x41"', 'a="\\e"', 'a="tab\there"', 'a="ctrl\x01"',
        'a="del\x7f"', 'a="nul\x00"', 'a="""\\\n  b"""', 'a="""a\\   \n  b"""', 'a="""a\\ b"""',
        'a="""\n"""', 'a=""""""', 'a=""""a""""', 'a="""a"""""', 'a="""a""""""', "a='''a'''''",
        "a='''a''''''", "a='''''a'''", "a=''''''", "a='a\nb'", 'a="a\nb"', "a='\\n'", 'a="a', "a='a",
        'a="""a', "a='''a", 'a="\\', 'a="""\\', 'a = """\\\r\n x"""', 'a = """x\r\ny"""', "a='''x\ry'''",
        'a="\\r"', 'a="\\\r"', "a='''\n'''", 'a="""\\\n"""', 'a="""\\ \t \n\n  \\\n  x"""',
        'a="""\\ \t x"""', "a='''\r\n'''", "a='''\x01'''", 'a="""\x1f"""', "a='\x7f'", 'a = "é😀\u0085"',
        'a = "\\U0001F600\\u00E9"', 'a = "\\\\"', 'a = "\\""', "a = 'C:\\Users\\'", 'a = """a\\"""',
        'a = """a\\""""', "a = '''a'''b", 'a = "a"b', 'a = "a" "b"', 'a = """\n\n"""', 'a="""\\\t\n"""',
        'a = "\\ "', 'a = "\\\n"', 'a = "\\U0000004"', 'a="\\b\\t\\n\\f\\r"',
        # Keys
        '"" = 1', "'' = 1", "a . b = 1", "a.\nb = 1", "a.=1", ".a=1", "a..b=1", "1.2 = 3", "true = 1",
        "inf = nan", "-=1", "_=1", "a b = 1", '"""a""" = 1', "'''a''' = 1", '"a\\u0000b" = 1',
        "é = 1", '"é" = 1', "a\t=\t1", "a = 1\n a.b = 2", "'a\nb' = 1", '"a\\qb" = 1', "a.'b'.\"c\" = 1",
        "[a]\n'' = 1\n\"\" = 2", "0 = 0", "-0 = -0", "1e5 = 1e5", "2024-01-01 = 1", "a.b.c.d.e.f = 1",
        # Integers
        "a = 9223372036854775807", "a = 9223372036854775808", "a = -9223372036854775808",
        "a = -9223372036854775809", "a = 0x7FFFFFFFFFFFFFFF", "a = 0x8000000000000000",
        "a = 0o777777777777777777777", "a = 0o1000000000000000000000", "a = 0b" + "1" * 63,
        "a = 0b1" + "0" * 63, "a = 0xffff_ffff_ffff_ffff", "a = 01", "a = 00", "a = -01", "a = +0",
        "a = -0", "a = 0_0", "a = 1__2", "a = 1_", "a = _1", "a = 0x", "a = 0x_1", "a = 0x1_",
        "a = 0X1", "a = 0xG", "a = -0x1", "a = +0x1", "a = 0b2", "a = 0o8", "a = 0xdead_BEEF",
        "a = 0o0_7", "a = 0b1_0", "a = 1_000_000", "a = +99", "a = - 1", "a = --1", "a = +-1",
        "a = 1" + "0" * 5000, "a = 99999999999999999999999",
        # Floats
        "a = 1e", "a = 1.", "a = .1", "a = 1.e1", "a = 1e1.5", "a = 1e_1", "a = 1_e1", "a = 1.0_",
        "a = 1._0", "a = +inf", "a = -inf", "a = inf", "a = nan", "a = +nan", "a = -nan",
        "a = infinity", "a = Inf", "a = NaN", "a = nan1", "a = 1e308", "a = 1e309", "a = -1e400",
        "a = 1e-400", "a = -0.0", "a = +0.0", "a = 0.0", "a = 1e99999999999999999999",
        "a = 1." + "0" * 5000, "a = 0." + "1" * 400, "a = 1e0001", "a = 1E+0_5", "a = 3.1415_9265",
        "a = 4.9e-324", "a = 2.4703282292062328e-324", "a = 1.7976931348623158e308",
        "a = 0.30000000000000004", "a = 00.1", "a = 0e0", "a = -0e-0", "a = 1e+", "a = 1e-",
        "a = 6.02e23", "a = [inf, -inf, nan, -nan, +nan]", "a = 1.5 x",
        # Booleans
        "a = true", "a = false", "a = True", "a = tru", "a = truee", "a = false1", "a = [true,false]",
        # Date-times
        "a = 1979-05-27T07:32:00Z", "a = 1979-05-27t07:32:00z", "a = 1979-05-27 07:32:00",
        "a = 1979-05-27T07:32:00.999999", "a = 1979-05-27T07:32:00.9999999",
        "a = 1979-05-27T07:32:00.123456789123", "a = 1979-05-27T07:32:00-07:00",
        "a = 1979-05-27T07:32:00+23:59", "a = 1979-05-27T07:32:00+24:00", "a = 1979-05-27T07:32:00+07",
        "a = 1979-05-27T07:32:60", "a = 1979-05-27T24:00:00", "a = 1979-05-27T07:60:00",
        "a = 1979-05-27T07:32", "a = 1979-05-27T", "a = 1979-05-27 ", "a = 1979-05-27 # c",
        "a = 1979-5-27", "a = 1979-05-7", "a = 2024-02-29", "a = 2023-02-29", "a = 1900-02-29",
        "a = 2000-02-29", "a = 2024-04-31", "a = 2024-13-01", "a = 2024-00-01", "a = 2024-01-00",
        "a = 2024-01-32", "a = 0000-01-01", "a = 0001-01-01", "a = 9999-12-31T23:59:59.999999999Z",
        "a = 07:32:00", "a = 7:32:00", "a = 07:32", "a = 07:32:00Z", "a = 07:32:00.", "a = 07:32:00.5",
        "a = 24:00:00", "a = 1979-05-27T07:32:00.Z", "a = 1979-05-27T07:32:00 Z", "a = [1979-05-27 , 1]",
        "a = 1979-05-27  07:32:00", "a = +1979-05-27", "a = 19790-05-27", "a = 1979-05-27T07:32:00-00:00",
        "a = 1979-05-27T07:32:00.5+05:30", "a = 1979-05-27 07:32:00Z", "a = {d = 1979-05-27 }",
        "a = 1979-05-27T07:32:00+05:3", "a = 1979-05-27T07:32:00+5:30", "a = 1979-05-27_07:32:00",
        "a = 0001-01-01T00:00:00+23:59", "a = 9999-12-31T23:59:59-23:59", "a = 12:30:00.123456789",
        # Arrays
        "a = [1,2,]", "a = [,]", "a = [1,,2]", "a = [1 2]", "a = [\n1,\n# c\n2\n]",
        "a = [1, 'a', [2], {b=1}]", "a = [", "a = [1", "a = [1,", "a = ]", "a = [[]]", "a = [ ]",
        "a = [\n]", "a = [#c\n]", "a = [1 # c\n, 2]", "a = [1\n,2]", "a = [\r\n1,\r\n2\r\n]",
        "a = [1,\r2]", "a = [1] [2]", "a = [[1], [2, [3]]]", "a = [{}, {}]\n[[a]]",
        # Control characters, line endings, BOM
        "a = 1\r\n", "a = 1\r", "a = 1\rb = 2", "\r", "\r\n", "# c\r\n", "# c\r", "# c\x00", "# c\x7f",
        "# c\t é", "a = 1 # c\x01", "\ufeffa = 1", "a = 1\x0c", "\x0ca=1", "a\u00a0= 1", "a =\u3000 1",
        "a = 1\r\r\n", "[a]\r\nb = 1\r\n", "a = \"\"\"\r\n\"\"\"", "a = 1\x00", "\x00",
    ]
    data = [c.encode("utf-8") for c in cases]
    data += [b"a = '\xff'", b"# \xc0\x80", b"a = '\xed\xa0\x80'", b"a='\xf4\x90\x80\x80'",
             b"a='\xe2\x82'", b"\x80", b"a='\xc3'", b"a='\xf0\x9f\x98'", b"a = 1 # \xfe", b"\xef\xbb",
             b"a = \"\xc3\xa9\"", b"\xe9 = 1", b"a='\xc1\xbf'", b"a='\xe0\x80\xaf'", b"a='\xf8\x88\x80\x80\x80'"]
    # Nesting near the limit of 100 and far past it
    for n in (1, 99, 100, 101, 200):
        data.append(("a = " + "[" * n + "]" * n).encode())
        data.append(("a = " + "{b=" * n + "1" + "}" * n).encode())
        data.append(("a = " + "[{b=" * (n // 2) + "1" + "}]" * (n // 2)).encode())
    data.append(("a = " + "[" * 100000).encode())
    data.append(("a = " + "{b=" * 100000).encode())
    data.append(("a = " + "[" * 100000 + "]" * 100000).encode())
    data.append(b"[" * 100000)
    data.append(b"{" * 1000)
    for n in (99, 100, 101, 150):
        data.append(((".".join(["k"] * n)) + " = 1").encode())
        data.append(("[" + ".".join(["t"] * n) + "]").encode())
        data.append(("[[" + ".".join(["t"] * n) + "]]").encode())
    data.append(("a = {" + "b." * 60 + "c = {" + "d." * 60 + "e = 1}}").encode())
    data.append(("[" + ".".join(["t"] * 90) + "]\n" + ".".join(["k"] * 90) + " = 1").encode())
    data.append(b"a = " + b"1" * 100000)
    data.append(b"a = \"" + b"x" * 100000 + b"\"")
    # A document like the TOML specification's example
    data.append("""# This is a TOML document
title = "TOML Example"

[owner]
name = "Tom Preston-Werner"
dob = 1979-05-27T07:32:00-08:00

[database]
enabled = true
ports = [ 8000, 8001, 8002 ]
data = [ ["delta", "phi"], [3.14] ]
temp_targets = { cpu = 79.5, case = 72.0 }

[servers]

[servers.alpha]
ip = "10.0.0.1"
role = "frontend"

[servers.beta]
ip = "10.0.0.2"
role = "backend"
""".encode())
    return data

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
