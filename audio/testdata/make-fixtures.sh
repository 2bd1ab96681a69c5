#!/bin/sh
# Regenerates the audio test fixtures with real encoders. The results are
# committed, so `go test` never needs these tools; run this only to change
# or add fixtures (and update the table in audio_test.go).
#
#   apt-get install -y ffmpeg lame sox
#   cd audio/testdata && sh make-fixtures.sh
#
# Made with Debian 12: ffmpeg 5.1, LAME 3.100, SoX 14.4.2.
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

SOX="sox -D -V1"          # no dither: reproducible output
FF="ffmpeg -v error -y -nostdin -bitexact"

# Sources: two tones (440 Hz left, 660 Hz right), -6 dBFS.
tone() { # rate channels seconds out
	$SOX -n -r "$1" -c "$2" -b 16 "$4" synth "$3" sine 440 sine 660 gain -6
}
tone 44100 2 2 "$tmp/s44.wav"
tone 48000 2 2 "$tmp/s48.wav"
tone 44100 1 2 "$tmp/m44.wav"
tone 22050 1 2 "$tmp/m22.wav"
tone 11025 1 2 "$tmp/m11.wav"
tone 8000 1 2 "$tmp/m8.wav"

# --- MP3 (LAME writes an Info/Xing + LAME tag unless -t) ---
lame --quiet -b 128 "$tmp/s44.wav" mp3-cbr128-stereo-44k.mp3   # MPEG-1, CBR
lame --quiet -V 4 "$tmp/s48.wav" mp3-vbr-stereo-48k.mp3        # MPEG-1, VBR (Xing)
lame --quiet -V 6 -m m "$tmp/m44.wav" mp3-vbr-mono-44k.mp3      # MPEG-1, VBR, mono
lame --quiet -b 64 -m m "$tmp/m22.wav" mp3-cbr64-mono-22k.mp3   # MPEG-2
lame --quiet -b 32 -m m "$tmp/m11.wav" mp3-cbr32-mono-11k.mp3   # MPEG-2.5
lame --quiet -b 16 -m m "$tmp/m8.wav" mp3-cbr16-mono-8k.mp3     # MPEG-2.5, 8 kHz
lame --quiet -t -b 96 --resample 44.1 "$tmp/s44.wav" mp3-notag-cbr96-stereo-44k.mp3 # bare frames, no Xing
# ID3v2 with cover art (a tiny PNG), and ID3v1 only.
$FF -f lavfi -i color=c=navy:s=16x16 -frames:v 1 "$tmp/cover.png"
lame --quiet -b 64 -m m --ti "$tmp/cover.png" --tt "On hold" --ta "sipdesk" --id3v2-only \
	"$tmp/m44.wav" mp3-id3v2-cover.mp3
lame --quiet -b 64 -m m --tt "On hold" --ta "sipdesk" --id3v1-only "$tmp/m44.wav" mp3-id3v1.mp3
# Content decides, not the name.
cp mp3-cbr64-mono-22k.mp3 mp3-renamed.wav
$SOX -n -r 16000 -c 1 -b 16 -t wav wav-renamed.mp3 synth 1 sine 440 gain -6
# Cut in the middle (the Info tag promises more frames: refused), and a
# tagless CBR file cut inside a frame (played without the cut frame).
head -c 20000 mp3-cbr128-stereo-44k.mp3 > mp3-truncated.mp3
head -c 12345 mp3-notag-cbr96-stereo-44k.mp3 > mp3-notag-truncated.mp3

# --- WAV ---
$SOX -n -r 8000 -c 1 -b 8 -e unsigned-integer wav-pcm8-mono-8k.wav synth 2 sine 440 gain -6
$SOX -n -r 22050 -c 1 -b 16 wav-pcm16-mono-22k.wav synth 1 sine 440 gain -6
$SOX -n -r 44100 -c 2 -b 16 wav-pcm16-stereo-44k.wav synth 1 sine 440 sine 660 gain -6
$SOX -n -r 16000 -c 1 -b 24 -t wavpcm wav-pcm24-mono-16k.wav synth 1 sine 440 gain -6
$SOX -n -r 8000 -c 1 -b 32 -t wavpcm wav-pcm32-mono-8k.wav synth 1 sine 440 gain -6
$SOX -n -r 48000 -c 1 -b 32 -e floating-point wav-float32-mono-48k.wav synth 1 sine 440 gain -6
$SOX -n -r 8000 -c 1 -b 64 -e floating-point wav-float64-mono-8k.wav synth 1 sine 440 gain -6
$SOX -n -r 8000 -c 1 -e mu-law wav-mulaw-mono-8k.wav synth 2 sine 440 gain -6
$SOX -n -r 8000 -c 1 -e a-law wav-alaw-mono-8k.wav synth 2 sine 440 gain -6
$SOX -n -r 192000 -c 1 -b 16 wav-pcm16-mono-192k.wav synth 1 sine 440 gain -6
# WAVE_FORMAT_EXTENSIBLE: ffmpeg writes it for more than two channels...
$FF -f lavfi -i "sine=f=440:d=1:r=8000" -filter_complex "[0]asplit=6[a][b][c][d][e][f];[a][b][c][d][e][f]join=inputs=6:channel_layout=5.1" \
	-c:a pcm_s16le wav-extensible-6ch-8k.wav
# ... and for samples wider than 16 bits.
$FF -i wav-pcm24-mono-16k.wav -c:a pcm_s24le wav-extensible-pcm24-mono-16k.wav
# A cut WAV plays as far as it goes (its size field promises more).
head -c 12000 wav-pcm8-mono-8k.wav > wav-truncated.wav
: > empty.wav

# --- Refused formats ---
$FF -i "$tmp/m22.wav" -c:a wmav2 -b:a 32k wma.wma
$FF -f lavfi -i testsrc=s=32x24:d=1:r=5 -i "$tmp/m22.wav" -c:v wmv2 -c:a wmav2 -b:a 32k -shortest wmv.wmv
$FF -i "$tmp/m22.wav" -c:a libvorbis -q:a 0 ogg-vorbis.ogg
$FF -i "$tmp/m22.wav" -c:a libopus -b:a 16k ogg-opus.opus
$FF -i "$tmp/m22.wav" -c:a flac flac.flac
$FF -i "$tmp/m22.wav" -c:a aac -b:a 32k m4a.m4a
$FF -i "$tmp/m22.wav" -c:a aac -b:a 32k -f adts aac-as.mp3
$FF -i "$tmp/m44.wav" -c:a mp2 -b:a 64k -f mp2 mp2-as.mp3
$FF -f lavfi -i testsrc=s=32x24:d=1:r=5 -c:v mpeg4 -an video.mp4
printf 'This is not music. Please call us back later.\n' > text-as.mp3

# --- Benchmark input: ~190 s at 128 kbit/s, 44.1 kHz stereo, < 3 MiB ---
$SOX -n -r 44100 -c 2 -b 16 "$tmp/bench.wav" synth 190 sine 220:880 triangle 330:660 tremolo 3 60 gain -6
lame --quiet -b 128 "$tmp/bench.wav" bench-3mb.mp3

ls -l
