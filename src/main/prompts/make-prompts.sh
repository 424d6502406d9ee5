#!/bin/sh
# Generates the verify dialog's prompts (docs/ivr.md) as raw G.711 µ-law, 8 kHz, mono:
# one file per prompt, src/main/resources/prompts/<lang>/<name>.ulaw. The files are committed;
# the build and CI need neither espeak-ng nor sox. Run it again after changing the wording.
#
#   src/main/prompts/make-prompts.sh            # English, into src/main/resources/prompts/en
#   VOICE=de LANG_DIR=de TEXTS=my-de.txt src/main/prompts/make-prompts.sh
#
# Reproducible: fixed voice, speed, pitch and amplitude; sox -R seeds its noise generator and
# -D turns dithering off, so the same versions give byte-identical files. Made with Debian 12's
# espeak-ng 1.51+dfsg-10+deb12u2 and sox 14.4.2+git20190427-3.5 (apt-get install espeak-ng sox).
#
# TEXTS is a file of "name<TAB>text" lines. Digit prompts (digit-0 .. digit-9) get white noise
# mixed in at NOISE (peak amplitude as a fraction of full scale; 0.04 measures -30 dBFS peak and
# -40 dBFS RMS in the files, against speech peaking at -3 dBFS) so a naive speech recognizer
# struggles a little more than a person does. -v 1 keeps sox -m from halving both inputs. The
# noise is the same in every file and every call: Playout adds fresh noise per call on top.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
VOICE=${VOICE:-en-us}
SPEED=${SPEED:-150}
PITCH=${PITCH:-50}
NOISE=${NOISE:-0.04}
LANG_DIR=${LANG_DIR:-en}
TEXTS=${TEXTS:-$here/prompts-en.txt}
out="$root/src/main/resources/prompts/$LANG_DIR"

command -v espeak-ng >/dev/null || { echo "espeak-ng is missing (apt-get install espeak-ng)" >&2; exit 1; }
command -v sox >/dev/null || { echo "sox is missing (apt-get install sox)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

# Telephone band, 8 kHz, peak at -3 dBFS, leading and trailing silence trimmed to 50 ms.
shape="highpass 300 lowpass 3400 silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse pad 0.05 0.05 norm -3 rate 8000"

tab=$(printf '\t')
while IFS="$tab" read -r name text; do
  case "$name" in ''|'#'*) continue ;; esac
  espeak-ng -v "$VOICE" -s "$SPEED" -p "$PITCH" -a 100 -w "$work/$name.wav" "$text"
  sox -R -D "$work/$name.wav" -r 8000 -c 1 "$work/$name-8k.wav" $shape
  case "$name" in
    digit-*)
      len=$(soxi -D "$work/$name-8k.wav")
      sox -R -D -n -r 8000 -c 1 "$work/noise.wav" synth "$len" whitenoise vol "$NOISE"
      sox -R -D -m -v 1 "$work/$name-8k.wav" -v 1 "$work/noise.wav" -t raw -e mu-law -b 8 -r 8000 -c 1 "$out/$name.ulaw"
      ;;
    *)
      sox -R -D "$work/$name-8k.wav" -t raw -e mu-law -b 8 -r 8000 -c 1 "$out/$name.ulaw"
      ;;
  esac
  echo "$name.ulaw $(wc -c < "$out/$name.ulaw") bytes"
done < "$TEXTS"
