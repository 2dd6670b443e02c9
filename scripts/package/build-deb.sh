#!/usr/bin/env bash
# build-deb.sh [OUTDIR]: builds winddown_VERSION_ARCH.deb (default OUTDIR:
# out/) from the static-stdlib release build in .build-static, with Debian's
# own tools, and checks it with lintian when lintian is installed.
#
# The version is version.sh's (VERSION, marked when the tree has uncommitted
# changes). Depends: comes from dpkg-shlibdeps, read off the programs.
# Prints the package's path last.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$root/out}
debian=$root/packaging/debian
bins=$root/.build-static/release
programs=(winddownd winddownctl winddown-mqtt winddown-web winddown-mpris)

need() { command -v "$1" >/dev/null || { echo "$0: $1 is missing: apt-get install $2" >&2; exit 1; }; }
need dpkg-deb dpkg
need dpkg-shlibdeps dpkg-dev
need strip binutils
need gzip gzip
need python3 python3
need pkg-config pkg-config

version=$("$here/version.sh")
case $version in
  *+dirty.*) echo "build-deb: the tree has uncommitted changes: version $version" >&2 ;;
esac
# Files and the changelog carry the last commit's time, so a clean tree makes the same package twice.
changed=$(git -C "$root" log -1 --format=%ct 2>/dev/null || date +%s)
arch=$(dpkg --print-architecture)

for program in "${programs[@]}"; do
  if [ ! -x "$bins/$program" ]; then
    echo "$0: $bins/$program is missing: run make static first" >&2
    exit 1
  fi
done

work=$root/.build-deb
stage=$work/winddown_${version}_$arch
rm -rf "$work"
mkdir -p "$stage/DEBIAN" "$out"

# Programs, stripped as Debian ships them (the symbols go, Swift's metadata stays).
for program in "${programs[@]}"; do
  install -D -m 0755 "$bins/$program" "$stage/usr/bin/$program"
  strip --strip-unneeded --remove-section=.comment "$stage/usr/bin/$program"
done

# Routines, hooks, voice clips, the example configuration and the conffile.
data=$stage/usr/share/winddown
"$root/scripts/install-data.sh" "$root/config/routines" "$data/routines" 0644
"$root/scripts/install-data.sh" "$root/config/hooks" "$data/hooks" 0755
"$root/scripts/install-data.sh" "$root/sounds" "$data/sounds" 0644
install -m 0644 "$root/config/caution.txt" "$data/caution.txt"
install -m 0644 "$root/config/winddown.toml" "$data/winddown.toml"
install -D -m 0644 "$root/config/winddown.toml" "$stage/etc/winddown/winddown.toml"

# Units, sysusers.d and tmpfiles.d, in the folders Debian's systemd names.
"$root/scripts/install-units.sh" /usr "$stage" >/dev/null

# Manual pages and shell completions.
"$root/scripts/install-docs.sh" --compress "$bins" /usr "$stage"

# /usr/share/doc/winddown: copyright (with the Swift packages compiled in) and changelog.
doc=$stage/usr/share/doc/winddown
install -d "$doc"
packages=()
for checkout in "$root"/.build-static/checkouts/*/; do
  name=$(basename "$checkout")
  licence=$(find "$checkout" -maxdepth 1 -iname 'LICENSE*' -print -quit)
  if [ -z "$licence" ] || ! grep -q "Apache License" "$licence" || ! grep -q "Version 2.0" "$licence"; then
    echo "$0: the Swift package $name is not under the Apache License 2.0 as packaging/debian/copyright says; name its licence there" >&2
    exit 1
  fi
  packages+=("$name")
done
list=$(printf '%s, ' "${packages[@]}"); list=${list%, }
LIST=$list python3 - "$debian/copyright" "$doc/copyright" <<'PY'
import os, sys, textwrap
text = open(sys.argv[1]).read()
line = next(l for l in text.split("\n") if "@SWIFT_PACKAGES@" in l)
filled = line.replace("@SWIFT_PACKAGES@", os.environ["LIST"])
wrapped = textwrap.fill(filled.strip(), width=75, initial_indent=" ", subsequent_indent=" ",
                        break_on_hyphens=False, break_long_words=False)
open(sys.argv[2], "w").write(text.replace(line, wrapped))
PY
chmod 0644 "$doc/copyright"
stamp=$(LC_ALL=C date -u -d "@$changed" '+%a, %d %b %Y %H:%M:%S +0000')
{
  echo "winddown ($version) unstable; urgency=medium"
  echo
  echo "  * Release $version."
  echo "    The changes are in the project's git history."
  echo
  echo " -- winddown developers <winddown@lists.winddown.invalid>  $stamp"
} | gzip -9n >"$doc/changelog.gz"
chmod 0644 "$doc/changelog.gz"
if grep -q '^[^#]' "$debian/lintian-overrides"; then
  install -D -m 0644 "$debian/lintian-overrides" "$stage/usr/share/lintian/overrides/winddown"
fi

# Control files: maintainer scripts, conffiles, and Depends read off the programs.
for script in postinst prerm postrm; do install -m 0755 "$debian/$script" "$stage/DEBIAN/$script"; done
(cd "$stage" && find etc -type f | sed 's|^|/|' | sort) >"$stage/DEBIAN/conffiles"
shlibs=$work/shlibs
mkdir -p "$shlibs/debian"
printf 'Source: winddown\n\nPackage: winddown\nArchitecture: any\n' >"$shlibs/debian/control"
depends=$(cd "$shlibs" && dpkg-shlibdeps -O "${programs[@]/#/$stage/usr/bin/}" 2>"$work/shlibdeps.log") || {
  cat "$work/shlibdeps.log" >&2
  exit 1
}
depends=${depends#shlibs:Depends=}
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s|@VERSION@|$version|" -e "s|@ARCH@|$arch|" -e "s|@DEPENDS@|$depends|" -e "s|@SIZE@|$size|" \
  "$debian/control.in" >"$stage/DEBIAN/control"
(cd "$stage" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) >"$stage/DEBIAN/md5sums"
chmod 0644 "$stage/DEBIAN/control" "$stage/DEBIAN/conffiles" "$stage/DEBIAN/md5sums"

deb=$out/winddown_${version}_$arch.deb
find "$stage" -exec touch --no-dereference --date="@$changed" {} +
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null

if command -v lintian >/dev/null; then
  # Errors and warnings fail the build; a warning kept must be overridden,
  # with its reason, in packaging/debian/lintian-overrides.
  if report=$(lintian --fail-on error,warning --tag-display-limit 0 "$deb" 2>&1); then clean=true; else clean=false; fi
  printf '%s\n' "$report" | grep -v -e "running with root privileges" -e '^$' >&2 || true
  if ! $clean; then
    echo "$0: lintian found problems in $deb" >&2
    exit 1
  fi
else
  echo "build-deb: lintian is not installed (apt-get install lintian): the package is not checked" >&2
fi
echo "$deb"
