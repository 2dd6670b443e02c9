#!/usr/bin/env python3
"""finish_page.py PAGE VERSION [MORE]: completes a page that
swift-argument-parser's generate-manual wrote, in place.

- one sentence a line, as roff wants (it ends sentences at line ends);
- no paragraph break straight before a list item or a list's end;
- `.Os` names winddown and its version;
- MORE (mdoc sections such as ENVIRONMENT and FILES, written by hand in
  docs/man/) goes before EXIT STATUS, where the sections' order puts it;
- SEE ALSO lists winddown's other pages.
"""
import pathlib
import re
import sys

# In the order mandoc wants SEE ALSO: by section, then by name.
PAGES = [("winddown-mpris", 1), ("winddown-mqtt", 1), ("winddown-web", 1), ("winddownctl", 1),
         ("winddown.toml", 5), ("winddownd", 8)]


def main(argv):
    if len(argv) not in (2, 3):
        sys.exit(__doc__)
    page, version = pathlib.Path(argv[0]), argv[1]
    more = pathlib.Path(argv[2]).read_text().rstrip("\n").split("\n") if len(argv) == 3 else []
    lines = page.read_text().rstrip("\n").split("\n")
    name = page.name.rsplit(".", 1)[0]

    out = []
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if line == ".Pp" and following.startswith((".It", ".El")):
            continue
        if line == ".Os":
            line = f".Os winddown {version}"
        if line == '.Sh "EXIT STATUS"':
            out += more
        if line.startswith("."):
            out.append(line)
        else:
            out += [("\\&" + part if part.startswith(("'", ".")) else part)
                    for part in re.split(r"(?<=[.!?])\s+(?=[A-Z])", line)]
    if more and not any(line == '.Sh "EXIT STATUS"' for line in lines):
        sys.exit(f"{page}: no EXIT STATUS section to put {argv[2]} before")

    others = [f"{other}.{section}" for other, section in PAGES if other != name]
    out.append(".Sh SEE ALSO")
    for number, other in enumerate(others):
        title, section = other.rsplit(".", 1)
        out.append(f".Xr {title} {section}" + (" ," if number < len(others) - 1 else ""))
    page.write_text("\n".join(out) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
