#!/usr/bin/env bash
# install-docs.sh [--compress] BINDIR PREFIX [DESTDIR]: the manual pages
# (scripts/man/build-pages.sh, from the programs in BINDIR) and the bash,
# zsh and fish completions (the programs' own --generate-completion-script),
# installed where man and each shell look under PREFIX:
#
#   PREFIX/share/man/man{1,5,8}                       (--compress: gzip -9n, as Debian ships them)
#   PREFIX/share/bash-completion/completions/NAME
#   PREFIX/share/zsh/vendor-completions/_NAME         (PREFIX=/usr, Debian's zsh)
#   PREFIX/share/zsh/site-functions/_NAME             (any other PREFIX)
#   PREFIX/share/fish/vendor_completions.d/NAME.fish
#
# install-docs.sh --uninstall PREFIX [DESTDIR] removes them again.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
programs=(winddownd winddownctl winddown-mqtt winddown-web winddown-mpris)
pages=(man8/winddownd.8 man1/winddownctl.1 man1/winddown-mqtt.1 man1/winddown-web.1 man1/winddown-mpris.1 man5/winddown.toml.5)
zsh_folder() { if [ "$1" = /usr ]; then echo share/zsh/vendor-completions; else echo share/zsh/site-functions; fi; }

if [ "${1:-}" = --uninstall ]; then
  prefix=${2:?usage: $0 --uninstall PREFIX [DESTDIR]}
  prefix=${prefix%/}
  destdir=${3:-}
  destdir=${destdir%/}
  for page in "${pages[@]}"; do rm -f "$destdir$prefix/share/man/$page" "$destdir$prefix/share/man/$page.gz"; done
  for program in "${programs[@]}"; do
    rm -f "$destdir$prefix/share/bash-completion/completions/$program" \
      "$destdir$prefix/$(zsh_folder "$prefix")/_$program" \
      "$destdir$prefix/share/fish/vendor_completions.d/$program.fish"
  done
  exit 0
fi

compress=false
if [ "${1:-}" = --compress ]; then compress=true; shift; fi
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $0 [--compress] BINDIR PREFIX [DESTDIR]" >&2
  exit 2
fi
bindir=$1
prefix=${2%/}
destdir=${3:-}
destdir=${destdir%/}

built=$root/.build-docs/man
rm -rf "$built"
"$root/scripts/man/build-pages.sh" "$bindir" "$built"
for page in "$built"/*.[158]; do
  section=${page##*.}
  target=$destdir$prefix/share/man/man$section
  name=$(basename "$page")
  install -d -m 0755 "$target"
  if $compress; then
    gzip -9n -c "$page" >"$target/$name.gz"
    chmod 0644 "$target/$name.gz"
  else
    install -m 0644 "$page" "$target/"
  fi
done

for shell in bash zsh fish; do
  case $shell in
    bash) folder=share/bash-completion/completions; pattern=%s ;;
    zsh) folder=$(zsh_folder "$prefix"); pattern=_%s ;;
    fish) folder=share/fish/vendor_completions.d; pattern=%s.fish ;;
  esac
  install -d -m 0755 "$destdir$prefix/$folder"
  for program in "${programs[@]}"; do
    # shellcheck disable=SC2059 # the pattern is one of the three above
    file=$destdir$prefix/$folder/$(printf "$pattern" "$program")
    # bash-completion sources its files: a #! line would only mislead.
    "$bindir/$program" --generate-completion-script "$shell" | sed '1{/^#!/d}' >"$file.tmp"
    chmod 0644 "$file.tmp"
    mv -f "$file.tmp" "$file"
  done
done
