#!/usr/bin/env bash
# test-deb.sh: the package's whole life in a minimal Debian 12, made with
# debootstrap in .build-package-test/ (kept as a pristine copy, so later
# runs skip the download): install it with its Depends from the archive,
# run winddownd check-config and render from the installed files, upgrade
# it over itself with an edited conffile, remove it, purge it, and check
# what each step leaves. Needs root (chroot). `make package-test` runs it.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
work=$root/.build-package-test
pristine=$work/bookworm-minbase
tree=$work/tree

need() { command -v "$1" >/dev/null || { echo "$0: $1 is missing: apt-get install $2" >&2; exit 1; }; }
need debootstrap debootstrap
need chroot coreutils
need dpkg-deb dpkg
if [ "$(id -u)" -ne 0 ]; then echo "$0: needs root, for debootstrap and chroot" >&2; exit 1; fi

step() { printf '\npackage-test: %s\n' "$*"; }
fail() { echo "package-test: FAILED: $*" >&2; exit 1; }
inside() { chroot "$tree" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
  DEBIAN_FRONTEND=noninteractive "$@"; }
exists() { [ -e "$tree$1" ] || [ -L "$tree$1" ]; }
# Every path in the tree but the package manager's own records and scratch space.
snapshot() {
  (cd "$tree" && find . -xdev \( -path ./proc -o -path ./sys -o -path ./dev -o -path ./tmp \
      -o -path ./var/lib/dpkg -o -path ./var/lib/apt -o -path ./var/cache -o -path ./var/log \
      -o -path ./run \) -prune -o -print | sort)
}

deb=$("$root/scripts/package/build-deb.sh" | tail -n 1)
version=$(dpkg-deb -f "$deb" Version)
step "package $deb"

if [ ! -x "$pristine/usr/bin/apt-get" ]; then
  step "making a minimal Debian 12 with debootstrap from $mirror (once; a few minutes)"
  rm -rf "$pristine"
  mkdir -p "$work"
  debootstrap --variant=minbase bookworm "$pristine" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -n 30 "$work/debootstrap.log" >&2; fail "debootstrap"; }
fi
# A run cut short may have left the tree's /proc mounted; never delete through it.
if mountpoint -q "$tree/proc" 2>/dev/null; then umount "$tree/proc"; fi
rm -rf "$tree"
cp -a "$pristine" "$tree"
cp /etc/resolv.conf "$tree/etc/resolv.conf"
# The programs find their data folder through /proc/self/exe, as on any running system.
mount -t proc proc "$tree/proc"
trap 'umount "$tree/proc" 2>/dev/null || true' EXIT

step "the Depends from the archive"
inside apt-get update -qq
# Depends without versions or alternatives' second choices: the packages to fetch.
mapfile -t depends < <(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed -e 's/|.*//' -e 's/(.*)//' -e 's/ //g' | grep .)
inside apt-get install -y -qq --no-install-recommends "${depends[@]}" >/dev/null
before=$(snapshot)

step "install"
cp "$deb" "$tree/tmp/winddown.deb"
inside dpkg -i /tmp/winddown.deb
inside getent passwd winddown >/dev/null || fail "no winddown user"
# stat inside the tree: the owner's name is the tree's user, not this machine's.
owner=$(inside stat -c '%U:%G %a' /var/lib/winddown)
[ "$owner" = "winddown:winddown 750" ] || fail "/var/lib/winddown is $owner"
# shellcheck disable=SC2016 # dpkg-query's own ${field} format
inside dpkg-query -W -f '${Conffiles}\n' winddown | grep -q '^ /etc/winddown/winddown.toml ' || fail "winddown.toml is not a conffile"
exists /etc/systemd/system/multi-user.target.wants/winddownd.service || fail "winddownd.service is not enabled"
exists /etc/systemd/system/sockets.target.wants/winddownd.socket || fail "winddownd.socket is not enabled"
for path in /usr/share/man/man8/winddownd.8.gz /usr/share/man/man1/winddownctl.1.gz /usr/share/man/man5/winddown.toml.5.gz \
    /usr/share/bash-completion/completions/winddownctl /usr/share/zsh/vendor-completions/_winddownctl \
    /usr/share/fish/vendor_completions.d/winddownctl.fish /usr/share/doc/winddown/copyright \
    /lib/systemd/system/winddownd.service /usr/lib/sysusers.d/winddown.conf; do
  exists "$path" || fail "$path is not installed"
done
mapfile -t files < <(inside dpkg-query -L winddown)

step "winddownd check-config and render, from the installed files"
for program in winddownd winddownctl winddown-mqtt winddown-web winddown-mpris; do
  printed=$(inside "$program" --version)
  [ "$printed" = "$(head -n 1 "$root/VERSION" | tr -d '[:space:]')" ] || fail "$program --version printed '$printed'"
done
[ "$(inside winddownd check-config)" = ok ] || fail "check-config"
inside winddownd render --routine demo --duration 1m --fade-out 10s --output /tmp/night.wav --timeline /tmp/night.jsonl \
  2>"$work/render.log" || { cat "$work/render.log" >&2; fail "render"; }
bytes=$(stat -c %s "$tree/tmp/night.wav")
# 70 s of 48 kHz 16-bit stereo, give or take the header and the caution.
[ "$bytes" -gt $((60 * 48000 * 4)) ] || fail "render wrote $bytes bytes"
if grep -q "no shipped clip" "$work/render.log"; then fail "the shipped voice clips were not found: $(cat "$work/render.log")"; fi

step "upgrade over itself, with an edited conffile"
sed -i 's/^# *volume = 20$/volume = 15/' "$tree/etc/winddown/winddown.toml"
grep -q '^volume = 15$' "$tree/etc/winddown/winddown.toml" || fail "could not edit the conffile"
[ "$(inside winddownd check-config)" = ok ] || fail "check-config after the edit"
next=$work/next
rm -rf "$next"
dpkg-deb -R "$deb" "$next"
sed -i "s/^Version: .*/Version: $version+1/" "$next/DEBIAN/control"
dpkg-deb --root-owner-group -Zxz --build "$next" "$tree/tmp/winddown-next.deb" >/dev/null
inside dpkg -i /tmp/winddown-next.deb
# shellcheck disable=SC2016 # dpkg-query's own ${field} format
[ "$(inside dpkg-query -W -f '${Version}' winddown)" = "$version+1" ] || fail "the upgrade did not install"
grep -q '^volume = 15$' "$tree/etc/winddown/winddown.toml" || fail "the upgrade lost the edit to winddown.toml"
if find "$tree/etc/winddown" -name '*.dpkg-*' | grep -q .; then fail "dpkg left $(find "$tree/etc/winddown" -name '*.dpkg-*')"; fi
exists /etc/systemd/system/multi-user.target.wants/winddownd.service || fail "the upgrade disabled winddownd.service"

step "remove: the programs go, the configuration and the state stay"
inside mkdir -p /var/lib/winddown/history
inside dpkg --remove winddown
exists /usr/bin/winddownd && fail "/usr/bin/winddownd is still there"
exists /lib/systemd/system/winddownd.service && fail "the unit is still there"
exists /var/lib/winddown || fail "remove deleted the state folder"
exists /etc/winddown/winddown.toml || fail "remove deleted the configuration"

step "purge: nothing is left but the system user"
inside dpkg --purge winddown
for path in /etc/winddown /var/lib/winddown /var/cache/winddown; do
  exists "$path" && fail "$path is left after purge"
done
for path in "${files[@]}"; do
  # Folders the package shares with others (/usr/share/man/man1) may stay.
  if [ -e "$tree$path" ] && [ ! -d "$tree$path" ]; then fail "$path is left after purge"; fi
done
if find "$tree/etc/systemd" "$tree/var/lib/systemd" -name '*winddown*' 2>/dev/null | grep -q .; then
  fail "units' traces are left: $(find "$tree/etc/systemd" "$tree/var/lib/systemd" -name '*winddown*')"
fi
# What is new since the Depends were installed: useradd's backups of the
# account files, and the folders deb-systemd-helper keeps its records in.
left=$(comm -13 <(echo "$before") <(snapshot) | grep -Ev '^\./etc/(passwd|group|shadow|gshadow)-$' |
  grep -Ev '^\./(etc/systemd/system|var/lib/systemd|var/lib/systemd/deb-systemd-helper-(enabled|masked))$' || true)
[ -z "$left" ] || fail "left after purge: $left"
inside getent passwd winddown >/dev/null || fail "purge removed the system user (Debian keeps them)"

step "passed: install, check-config, render ($bytes bytes), upgrade with an edited conffile, remove, purge"
