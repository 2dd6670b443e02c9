#!/usr/bin/env python3
"""Renders the spoken prompts of the shipped routines to compressed clips.

Every distinct prompt text (text, switch_text and end_text of every
routine in config/routines) becomes sounds/prompts/<key>.ogg, where <key>
is PromptKey.key(for:) of the text (see Sources/WinddownCore/Routine/
PromptKey.swift): the daemon finds the clip for text nobody changed and
renders edited text itself. Clips no routine uses any more are removed.

Run through scripts/render-prompts.sh. Needs espeak-ng and sox (Debian
packages of the same names) and Python 3.11 or later (for tomllib).
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ROUTINES = os.path.join(ROOT, "config", "routines")
CLIPS = os.path.join(ROOT, "sounds", "prompts")
EXTENSION = ".ogg"

# The voice: espeak-ng's British English, slowed from its default 175 words
# a minute, a little lower than its default pitch of 50, with a short extra
# pause between words, so that it can be followed with eyes closed.
ESPEAK_VOICE = "en-gb"
ESPEAK_SPEED = 135
ESPEAK_PITCH = 38
ESPEAK_WORD_GAP = 3  # in units of 10 ms
# The clip: mono Ogg Vorbis at 16 kHz, plenty for one voice, at quality 0
# (about 22 kbit/s; the scale runs from -1 to 10). High-passed to take out
# rumble, low-passed to soften espeak-ng's brightness, levelled to -3 dBFS
# peak (the daemon levels prompts itself too), with a little silence before
# and after so that nothing is cut off.
SAMPLE_RATE = 16000
VORBIS_QUALITY = 0
SOX_EFFECTS = ["gain", "-6", "highpass", "60", "lowpass", "5500", "norm", "-3", "pad", "0.15", "0.35"]

SIZE_LIMIT = 2 * 1024 * 1024

# Unicode's White_Space property, the same set Swift's
# Unicode.Scalar.Properties.isWhitespace tests. Python's str.split() would
# also split on U+001C to U+001F, which Swift does not count as whitespace.
WHITESPACE = frozenset(
    [chr(c) for c in range(0x09, 0x0E)]
    + [" ", "\u0085", "\u00a0", "\u1680"]
    + [chr(c) for c in range(0x2000, 0x200B)]
    + ["\u2028", "\u2029", "\u202f", "\u205f", "\u3000"]
)


def normalized(text):
    """The text trimmed, with each run of whitespace made one space."""
    words, word = [], []
    for char in text:
        if char in WHITESPACE:
            if word:
                words.append("".join(word))
                word = []
        else:
            word.append(char)
    if word:
        words.append("".join(word))
    return " ".join(words)


def prompt_key(text):
    """Lowercase hex of 64-bit FNV-1a over the UTF-8 of the normalized text."""
    value = 0xCBF29CE484222325
    for byte in normalized(text).encode("utf-8"):
        value ^= byte
        value = (value * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{value:016x}"


def settings_line():
    version = subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True).stdout.split()
    espeak = version[version.index("text-to-speech:") + 1] if "text-to-speech:" in version else "?"
    return (
        f"espeak-ng {espeak}, voice {ESPEAK_VOICE}, -s {ESPEAK_SPEED} -p {ESPEAK_PITCH} -g {ESPEAK_WORD_GAP};"
        f" sox {' '.join(SOX_EFFECTS)}, mono {SAMPLE_RATE} Hz Ogg Vorbis quality {VORBIS_QUALITY}"
    )


def load_routines():
    routines = []
    for name in sorted(os.listdir(ROUTINES)):
        if name.endswith(".toml") and not name.startswith("."):
            with open(os.path.join(ROUTINES, name), "rb") as handle:
                routines.append((name, tomllib.load(handle)))
    return routines


def prompt_texts(routines):
    """Every distinct prompt text, keyed by its clip key, in routine order."""
    texts = {}
    for _, routine in routines:
        for step in routine.get("steps", []):
            for field in ("text", "switch_text", "end_text"):
                if isinstance(step.get(field), str):
                    texts.setdefault(prompt_key(step[field]), normalized(step[field]))
    return texts


def render(text, destination):
    with tempfile.TemporaryDirectory() as scratch:
        speech = os.path.join(scratch, "speech.wav")
        subprocess.run(
            ["espeak-ng", "-v", ESPEAK_VOICE, "-s", str(ESPEAK_SPEED), "-p", str(ESPEAK_PITCH),
             "-g", str(ESPEAK_WORD_GAP), "-w", speech, "--stdin"],
            input=text, text=True, check=True)
        partial = os.path.join(scratch, "clip" + EXTENSION)
        subprocess.run(
            ["sox", speech, "-C", str(VORBIS_QUALITY), "-c", "1", "-r", str(SAMPLE_RATE), partial, *SOX_EFFECTS],
            check=True)
        shutil.move(partial, destination)


def clip_seconds(path):
    result = subprocess.run(["soxi", "-D", path], capture_output=True, text=True, check=True)
    return float(result.stdout.strip())


def seconds(duration):
    """Seconds in a duration string such as "1m30s"."""
    total, number = 0, ""
    for char in duration:
        if char.isdigit():
            number += char
        else:
            total += int(number) * {"h": 3600, "m": 60, "s": 1}[char]
            number = ""
    return total


def fit_report(routines, durations):
    """For each step: the time its shortest half allows, and the speech in it.

    A half's speech is its opening prompt (text, or switch_text for the
    second foot) plus end_text. The shipped minimums leave a few seconds
    more than the speech (the pressing starts while the voice still
    speaks); a step whose speech does not fit its minimum is reported."""
    lines, tight = [], []
    for file, routine in routines:
        minimum = 0.0
        for step in routine.get("steps", []):
            parts = 2 if step.get("per_foot") else 1
            allowed = seconds(step.get("duration") or step.get("min") or "0s")
            minimum += allowed
            speech = []
            for opening in ("text", "switch_text")[:parts]:
                said = durations.get(prompt_key(step.get(opening, "")), 0.0)
                said += durations.get(prompt_key(step["end_text"]), 0.0) if "end_text" in step else 0.0
                speech.append(said)
            half = allowed / parts
            spare = half - max(speech)
            mark = "  SPEECH TOO LONG" if spare < 2 else ""
            if spare < 2:
                tight.append(f"{file} {step.get('id')}")
            lines.append(
                f"  {file:18} {step.get('id', '?'):16} half {half:5.1f}s  speech {max(speech):5.1f}s"
                f"  spare {spare:5.1f}s{mark}")
        lines.append(f"  {file:18} {'(minimum)':16} {minimum / 60:.1f} min")
    return lines, tight


def write_readme(settings, keys, total_bytes, total_seconds):
    text = f"""# Spoken prompts

Pre-rendered clips of every prompt in the shipped routines
(`config/routines/*.toml`), so that a fresh install speaks without a
text-to-speech engine. Each clip is named after its text: the file name is
the 64-bit FNV-1a hash, in hex, of the text with its whitespace collapsed
(`PromptKey.key(for:)` in the daemon). When a routine's text is edited,
its key changes, the daemon finds no clip for it and renders the new text
with `voice.tts` instead.

Do not edit these files: run `scripts/render-prompts.sh`, which renders
missing clips, removes unused ones and rewrites this file
(`--force` renders every clip again).

- Engine: eSpeak NG, from Debian's `espeak-ng` package, with its own
  built-in voice (no MBROLA voices).
- Settings: {settings}
- Clips: {len(keys)}, {total_seconds / 60:.1f} minutes of speech, {total_bytes / 1024:.0f} KiB.

Licence: the clips are synthesised with eSpeak NG and its voice data,
which are licensed under the GNU General Public License, version 3 or
later. The prompt texts are the winddown project's own.
"""
    with open(os.path.join(CLIPS, "README.md"), "w") as handle:
        handle.write(text)


def previous_settings():
    try:
        with open(os.path.join(CLIPS, "README.md")) as handle:
            for line in handle:
                if line.startswith("- Settings: "):
                    return line[len("- Settings: "):].strip()
    except FileNotFoundError:
        pass
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="render every clip again")
    parser.add_argument("--check", action="store_true",
                        help="render nothing; fail when a clip is missing or unused")
    options = parser.parse_args()

    for tool in ("espeak-ng", "sox", "soxi"):
        if not options.check and shutil.which(tool) is None:
            sys.exit(f"render-prompts: {tool} is missing (apt-get install espeak-ng sox libsox-fmt-base)")

    routines = load_routines()
    texts = prompt_texts(routines)
    os.makedirs(CLIPS, exist_ok=True)
    present = {name[: -len(EXTENSION)] for name in os.listdir(CLIPS) if name.endswith(EXTENSION)}

    if options.check:
        missing = sorted(set(texts) - present)
        unused = sorted(present - set(texts))
        for key in missing:
            print(f"missing clip {key}{EXTENSION}: {texts[key][:60]}")
        for key in unused:
            print(f"unused clip {key}{EXTENSION}")
        sys.exit(1 if missing or unused else 0)

    settings = settings_line()
    force = options.force or previous_settings() not in (None, settings)
    rendered = 0
    for key, text in texts.items():
        path = os.path.join(CLIPS, key + EXTENSION)
        if force or key not in present:
            render(text, path)
            rendered += 1
    for key in present - set(texts):
        os.remove(os.path.join(CLIPS, key + EXTENSION))

    durations = {key: clip_seconds(os.path.join(CLIPS, key + EXTENSION)) for key in texts}
    total_bytes = sum(os.path.getsize(os.path.join(CLIPS, key + EXTENSION)) for key in texts)
    write_readme(settings, texts, total_bytes, sum(durations.values()))

    print(f"render-prompts: {len(texts)} prompts, {rendered} rendered, "
          f"{len(present - set(texts))} unused removed")
    print(f"render-prompts: engine and settings: {settings}")
    print("render-prompts: licence: eSpeak NG and its voices are GPL-3.0-or-later")
    longest = sorted(durations.items(), key=lambda item: -item[1])[:3]
    print("render-prompts: longest clips: " + ", ".join(f"{key} {value:.1f}s" for key, value in longest))
    lines, tight = fit_report(routines, durations)
    print("render-prompts: time each step's shortest half allows for its speech:")
    print("\n".join(lines))
    readme = os.path.getsize(os.path.join(CLIPS, "README.md"))
    print(f"render-prompts: sounds/prompts holds {(total_bytes + readme) / 1024:.0f} KiB (limit 2048 KiB)")
    if total_bytes + readme > SIZE_LIMIT:
        sys.exit("render-prompts: over the 2 MiB limit; lower the quality or shorten the texts")
    if tight:
        print("render-prompts: warning: speech longer than the step's minimum (raise its min): " + ", ".join(tight))


if __name__ == "__main__":
    main()
