#!/usr/bin/env bash
# Installs the Debian packages that building, testing and the demo need.
# Idempotent: packages already present are left alone, and apt is only
# touched when something is missing.
set -euo pipefail

packages=(
  pkg-config
  libasound2-dev      # ALSA: the only audio stack winddown talks to
  libasound2-plugins  # the ALSA "pulse" PCM, used by the real-time playback test
  libsndfile1-dev     # decoding WAV/FLAC/Ogg/MP3 sleep sounds
  libsoxr-dev         # resampling files to the device rate (the SoX resampler)
  libsystemd-dev      # sd_notify, socket activation, journald
  alsa-utils          # aplay -L, for troubleshooting and the demo
  pulseaudio          # a real-time paced sound server for the device-loss test
  pulseaudio-utils    # parec/pactl, to listen to the null sink in tests
  sox                 # the peer that `make bench` measures against
  libsox-fmt-base     # sox reads and writes Ogg Vorbis (scripts/render-prompts.sh)
  time                # GNU time: CPU seconds and peak memory for `make bench`
  espeak-ng           # offline text-to-speech for spoken prompts
  socat               # talking to the control socket by hand (README)
  systemd             # systemd-analyze: unit checks, and the schedule's second opinion
  tzdata              # /usr/share/zoneinfo: schedule.timezone and DST rules
  curl                # the home-assistant and hue dimming hooks
  shellcheck          # the tests lint the shipped hooks (config/hooks)
  python3             # tomllib, the TOML reader's second opinion (Tests/Differential)
  python3-venv        # the venv scripts/install-voice.sh puts the Piper voice in
  util-linux          # setpriv: the connection-flood test acts as another user
  libmosquitto-dev    # MQTT client library: winddown-mqtt, the Home Assistant bridge
  mosquitto           # a real broker the bridge's tests start on a free port
  mosquitto-clients   # mosquitto_pub/_sub: the tests play Home Assistant's part
  snapserver          # a real Snapcast server the rooms' tests start on free ports
  snapclient          # real rooms: its file player records what each one plays
  chromium            # a real browser opens the web page in the tests (headless)
  chromium-driver     # WebDriver for it; Selenium comes from PyPI (scripts/install-browser-test.sh)
  qrencode            # winddown-web --qr: the page's address as a QR code in the terminal
  wrk                 # make bench: requests per second against winddown-web, on loopback
  dbus-daemon         # private session and system buses for the desktop bridge's and the sleep lock's tests
  python3-dbusmock    # logind's interface on the private system bus (run with Debian's /usr/bin/python3)
  playerctl           # the desktop's MPRIS client, driving winddown-mpris in the tests
  groff-base          # groff -ww -z: the manual pages' check
  mandoc              # mandoc -T lint: the manual pages' other check
  zsh                 # the zsh completion scripts are loaded by a real zsh in the tests
  fish                # and the fish ones by fish
  dpkg-dev            # make deb: dpkg-shlibdeps computes the package's Depends
  binutils            # make deb: strip
  lintian             # make deb checks the package with Debian's own linter
  debootstrap         # make package-test: a minimal Debian 12 to install the package into
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "bootstrap: all ${#packages[@]} Debian packages present"
  exit 0
fi

echo "bootstrap: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "bootstrap: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
# Package lists on a fresh machine may be empty or stale.
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
