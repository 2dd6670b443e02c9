#!/bin/sh
# version-source.sh VERSION_FILE OUTPUT.swift: writes the Swift constant every
# program prints with --version, from the one VERSION file. Run by the
# VersionSource build plugin (Plugins/) and by scripts/fuzz.sh.
set -eu
if [ $# -ne 2 ]; then
  echo "usage: $0 VERSION_FILE OUTPUT.swift" >&2
  exit 2
fi
version=$(head -n 1 "$1" | tr -d '[:space:]')
# A Debian upstream version that is also semantic: 1.2.3, 1.2.3~rc1, 1.2.3+local.
if ! printf '%s\n' "$version" | grep -Eq '^[0-9]+\.[0-9]+\.[0-9]+([~+][0-9A-Za-z.]+)?$'; then
  echo "$1: the first line must be a version such as 1.2.3 (optionally ~rc1 or +local), found '$version'" >&2
  exit 1
fi
cat >"$2.tmp" <<SWIFT
// Written by scripts/version-source.sh from VERSION; change VERSION instead.

/// The release every program prints with --version (and the bridges announce).
public enum WinddownVersion {
    public static let current = "$version"
}
SWIFT
mv -f "$2.tmp" "$2"
