#!/usr/bin/env python3
"""The configuration reference, from docs/reference/settings.toml.

  settings_reference.py markdown          the README's table, on stdout
  settings_reference.py mdoc              the list for winddown.toml(5), on stdout
  settings_reference.py readme [--check]  rewrites the table in README.md
                                          (--check: exit 1 when it is out of date)
  settings_reference.py keys              every key, one a line

One source, two renderings: the README and the manual page cannot disagree.
"""
import pathlib
import re
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCE = ROOT / "docs/reference/settings.toml"
README = ROOT / "README.md"
BEGIN = "<!-- settings reference: made from docs/reference/settings.toml by scripts/docs/settings_reference.py readme; edit that file, not this table -->"
END = "<!-- end of settings reference -->"
FIELDS = ("names", "type", "range", "default", "meaning")


def load():
    try:
        with SOURCE.open("rb") as f:
            settings = tomllib.load(f)["setting"]
    except (OSError, tomllib.TOMLDecodeError, KeyError) as error:
        sys.exit(f"{SOURCE}: {error}")
    for index, setting in enumerate(settings, 1):
        missing = [field for field in FIELDS if field not in setting]
        unknown = sorted(set(setting) - set(FIELDS))
        if missing or unknown or not setting["names"]:
            sys.exit(f"{SOURCE}: setting {index}: missing {missing}, unknown {unknown}")
    return settings


def markdown(settings):
    rows = ["| key | type | values | default | meaning |", "| --- | --- | --- | --- | --- |"]
    for s in settings:
        names = " / ".join(f"`{name}`" for name in s["names"])
        cells = [names, s["type"], s["range"] or "", s["default"], s["meaning"]]
        rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(rows) + "\n"


def roff_text(text):
    """Markdown code spans to bold, roff's own characters escaped."""
    text = text.replace("\\", "\\e")
    text = re.sub(r"`([^`]*)`", lambda m: "\\fB" + m.group(1) + "\\fR", text)
    return text


def roff_lines(text):
    """One sentence a line (roff ends sentences at line ends), none starting with a dot."""
    lines = re.split(r"(?<=[.!?])\s+(?=[A-Z\\])", roff_text(text))
    return ["\\&" + line if line.startswith((".", "'")) else line for line in lines]


def mdoc(settings):
    out = [".Bl -tag -width Ds"]
    for s in settings:
        out.append(".It " + " , ".join(f"Cm {name}" for name in s["names"]))
        kind = s["type"] + (f"; {s['range']}" if s["range"] else "")
        out += roff_lines(f"Type: {kind}.")
        out += roff_lines(f"Default: {s['default']}.")
        out += roff_lines(s["meaning"])
    out.append(".El")
    return "\n".join(out) + "\n"


def readme(check):
    text = README.read_text()
    if BEGIN not in text or END not in text:
        sys.exit(f"{README}: the settings reference markers are missing")
    before, rest = text.split(BEGIN, 1)
    _, after = rest.split(END, 1)
    new = before + BEGIN + "\n\n" + markdown(load()) + "\n" + END + after
    if check:
        if new != text:
            sys.exit(f"{README}: the settings table is out of date with {SOURCE.relative_to(ROOT)};"
                     " run scripts/docs/settings_reference.py readme")
        return
    README.write_text(new)


def main(argv):
    match argv:
        case ["markdown"]:
            sys.stdout.write(markdown(load()))
        case ["mdoc"]:
            sys.stdout.write(mdoc(load()))
        case ["readme"]:
            readme(check=False)
        case ["readme", "--check"]:
            readme(check=True)
        case ["keys"]:
            for s in load():
                print("\n".join(s["names"]))
        case _:
            sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
