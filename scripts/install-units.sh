#!/usr/bin/env bash
# install-units.sh [--uninstall] PREFIX [DESTDIR]: installs (or removes) the
# systemd units, the sysusers.d and the tmpfiles.d entry of winddown, with
# @bindir@ in the units replaced by PREFIX/bin.
#
#   PREFIX=/usr        the folders systemd's pkg-config file names (Debian 12:
#                      /lib/systemd/system, /usr/lib/systemd/user,
#                      /usr/lib/sysusers.d, /usr/lib/tmpfiles.d), and
#                      /usr/share/dbus-1/services for the session bus
#   PREFIX=/usr/local  /usr/local/lib/systemd/{system,user},
#                      /usr/local/lib/{sysusers.d,tmpfiles.d}; systemd searches all four;
#                      /usr/local/share/dbus-1/services (Debian's session bus looks there too)
#   any other PREFIX   PREFIX/lib/...: systemd does not look there (a warning says so)
#
# SYSTEMD_SYSTEM_UNIT_DIR, SYSTEMD_USER_UNIT_DIR, SYSUSERS_DIR and
# TMPFILES_DIR and DBUS_SERVICES_DIR override one folder each (without DESTDIR).
#
# With no DESTDIR (a real install, as root) it then does what a package's
# postinst would: creates the user (systemd-sysusers), the folders
# (systemd-tmpfiles --create) and, when systemd runs, `systemctl
# daemon-reload`. It never enables or starts a unit.
set -euo pipefail

uninstall=false
if [ "${1:-}" = --uninstall ]; then uninstall=true; shift; fi
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 [--uninstall] PREFIX [DESTDIR]" >&2
  exit 2
fi
prefix=${1%/}
destdir=${2:-}
destdir=${destdir%/}
case "$prefix" in
  /*) ;;
  *) echo "$0: PREFIX must be an absolute path, got '$prefix'" >&2; exit 2 ;;
esac
source=$(cd "$(dirname "$0")/../systemd" && pwd)

pc() { pkg-config --variable="$1" systemd 2>/dev/null || true; }
case "$prefix" in
  /usr)
    system_dir=$(pc systemdsystemunitdir); system_dir=${system_dir:-/usr/lib/systemd/system}
    user_dir=$(pc systemduserunitdir); user_dir=${user_dir:-/usr/lib/systemd/user}
    sysusers_dir=$(pc sysusersdir); sysusers_dir=${sysusers_dir:-/usr/lib/sysusers.d}
    tmpfiles_dir=$(pc tmpfilesdir); tmpfiles_dir=${tmpfiles_dir:-/usr/lib/tmpfiles.d}
    dbus_dir=/usr/share/dbus-1/services
    ;;
  *)
    system_dir=$prefix/lib/systemd/system
    user_dir=$prefix/lib/systemd/user
    sysusers_dir=$prefix/lib/sysusers.d
    tmpfiles_dir=$prefix/lib/tmpfiles.d
    dbus_dir=$prefix/share/dbus-1/services
    if [ "$prefix" != /usr/local ] && [ -z "$destdir" ]; then
      echo "$0: warning: systemd does not search $prefix/lib/systemd; link the units into /etc/systemd" >&2
    fi
    ;;
esac
system_dir=${SYSTEMD_SYSTEM_UNIT_DIR:-$system_dir}
user_dir=${SYSTEMD_USER_UNIT_DIR:-$user_dir}
sysusers_dir=${SYSUSERS_DIR:-$sysusers_dir}
tmpfiles_dir=${TMPFILES_DIR:-$tmpfiles_dir}
dbus_dir=${DBUS_SERVICES_DIR:-$dbus_dir}

# source file → installed path (the user units take the system units' names).
targets=(
  "winddownd.service:$system_dir/winddownd.service"
  "winddownd.socket:$system_dir/winddownd.socket"
  "winddown-mqtt.service:$system_dir/winddown-mqtt.service"
  "winddown-web.service:$system_dir/winddown-web.service"
  "winddownd-user.service:$user_dir/winddownd.service"
  "winddownd-user.socket:$user_dir/winddownd.socket"
  "winddown-mpris.service:$user_dir/winddown-mpris.service"
  "dbus-1/org.mpris.MediaPlayer2.winddown.service:$dbus_dir/org.mpris.MediaPlayer2.winddown.service"
  "sysusers.d/winddown.conf:$sysusers_dir/winddown.conf"
  "tmpfiles.d/winddown.conf:$tmpfiles_dir/winddown.conf"
)

if $uninstall; then
  for entry in "${targets[@]}"; do rm -f "$destdir${entry#*:}"; done
  if [ -z "$destdir" ] && [ -d /run/systemd/system ]; then systemctl daemon-reload || true; fi
  exit 0
fi

bindir=$prefix/bin
for entry in "${targets[@]}"; do
  from=$source/${entry%%:*}
  to=$destdir${entry#*:}
  install -d -m 0755 "$(dirname "$to")"
  sed "s|@bindir@|$bindir|g" "$from" >"$to.tmp"
  if grep -q '@[a-z]*@' "$to.tmp"; then
    echo "$0: $from: a placeholder is left: $(grep -o '@[a-z]*@' "$to.tmp" | head -1)" >&2
    rm -f "$to.tmp"
    exit 1
  fi
  chmod 0644 "$to.tmp"
  mv -f "$to.tmp" "$to"
done

if [ -n "$destdir" ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "$0: not root: run systemd-sysusers and systemd-tmpfiles --create yourself" >&2
  exit 0
fi
systemd-sysusers "$sysusers_dir/winddown.conf"
systemd-tmpfiles --create "$tmpfiles_dir/winddown.conf"
if [ -d /run/systemd/system ]; then systemctl daemon-reload; fi
cat <<EOF
winddown units installed. Then one of (enabling the service enables its socket):
  headless box:  systemctl enable --now winddownd.service
  desktop user:  systemctl --user enable --now winddownd.service
  Home Assistant (set [mqtt] broker first): systemctl enable --now winddown-mqtt.service
  the phone page: systemctl enable --now winddown-web.service (its address: journalctl -u winddown-web)
  the desktop's media keys: systemctl --user enable --now winddown-mpris.service
EOF
