package audio

import (
	"encoding/binary"
	"io"
	"math"
	"time"
)

// Renditions is an upload converted to the files Asterisk plays natively,
// so the PBX never transcodes music on hold (which costs CPU per caller
// and, with a format it cannot read, plays silence). All are mono.
type Renditions struct {
	Source Info

	WAV8k  []byte // 16-bit PCM WAV at 8 kHz: extension .wav
	WAV16k []byte // 16-bit PCM WAV at 16 kHz: extension .wav16 (G.722 / wideband calls)
	ULaw   []byte // raw G.711 mu-law at 8 kHz: extension .ulaw
	ALaw   []byte // raw G.711 A-law at 8 kHz: extension .alaw

	Duration time.Duration
	// Peaks holds PeakBuckets peak levels (0..1) of the 8 kHz rendition,
	// enough for a small waveform graph in a terminal.
	Peaks []float32
}

// PeakBuckets is the number of values in Renditions.Peaks.
const PeakBuckets = 64

// Files maps Asterisk's file extensions to the renditions, ready to be
// written as NAME.EXT in a music-on-hold directory.
func (r *Renditions) Files() map[string][]byte {
	return map[string][]byte{"wav": r.WAV8k, "wav16": r.WAV16k, "ulaw": r.ULaw, "alaw": r.ALaw}
}

// Levelling. Customers upload anything from quiet classical recordings to
// brick-walled pop; callers should hear every queue at the same loudness.
// We aim at an RMS level of -20 dBFS (about -17 dBm0 on a G.711 line,
// a little below speech, so music never sounds louder than the agent), but
// never let a peak exceed -1 dBFS, so nothing clips, not even after
// G.711 companding, and never amplify by more than 24 dB, so a near-silent
// upload is not turned into loud hiss.
const (
	targetRMSdB   = -20
	peakCeilingdB = -1
	maxGaindB     = 24
	// fadeTime of raised-cosine fade in and out, so the loop restart
	// does not click.
	fadeTime = 30 * time.Millisecond
)

// Transcode decodes data (see Decode for what is accepted) and produces
// the renditions: mono downmix, anti-aliased resampling to 16 and 8 kHz,
// levelling, 30 ms fades, 16-bit WAV, mu-law and A-law.
//
// It streams: decoding runs in its own goroutine, chunk by chunk, and
// only the 16 and 8 kHz mono results are held whole (about 100 KB per
// second of music in total), never the decoded source.
func Transcode(data []byte) (*Renditions, error) {
	info, src, err := open(data, false)
	if err != nil {
		return nil, err
	}
	s16, s8, err := convert(src, info.Duration)
	if err != nil {
		return nil, err
	}
	return render(info, s16, s8, true), nil
}

// convert runs the decoder in a goroutine, feeding the resampling chain
// here, so the two halves of the work overlap on two cores.
func convert(src source, dur time.Duration) (s16, s8 []float32, err error) {
	to16 := newTo16k(src.rate())
	to8 := newTo8k()
	n16 := int(dur.Seconds()*16000) + 4096
	s16 = make([]float32, 0, n16)
	s8 = make([]float32, 0, n16/2+2048)

	type chunk struct {
		buf []float32
		err error
	}
	const nbuf = 4
	free := make(chan []float32, nbuf)
	full := make(chan chunk, nbuf)
	for range nbuf {
		free <- make([]float32, 8192)
	}
	go func() {
		defer close(full)
		for {
			b := <-free
			n, err := src.read(b)
			full <- chunk{b[:n], err}
			if err != nil {
				return
			}
		}
	}()
	mark := 0
	for c := range full {
		if c.err != nil && c.err != io.EOF && err == nil {
			err = c.err
		}
		if err == nil && len(c.buf) > 0 {
			s16 = to16.process(c.buf, s16, false)
			s8 = to8.process(s16[mark:], s8, false)
			mark = len(s16)
		}
		free <- c.buf[:cap(c.buf)]
	}
	if err != nil {
		return nil, nil, err
	}
	s16 = to16.process(nil, s16, true)
	s8 = to8.process(s16[mark:], s8, true)
	return s16, s8, nil
}

func dB(v float64) float64 { return math.Pow(10, v/20) }

// levelGain returns the gain that brings the renditions to the target.
func levelGain(s16, s8 []float32) float64 {
	var sum float64
	var peak float32
	for _, v := range s16 {
		sum += float64(v) * float64(v)
		peak = max(peak, v, -v)
	}
	for _, v := range s8 {
		peak = max(peak, v, -v)
	}
	if peak == 0 || len(s16) == 0 {
		return 1
	}
	rms := math.Sqrt(sum / float64(len(s16)))
	return min(dB(targetRMSdB)/rms, dB(peakCeilingdB)/float64(peak), dB(maxGaindB))
}

// render levels, fades (when fade is set) and encodes the renditions,
// writing 16-bit samples straight into the WAV buffers.
func render(info Info, s16, s8 []float32, fade bool) *Renditions {
	g := float32(levelGain(s16, s8))
	r := &Renditions{
		Source:   info,
		WAV16k:   wavHeader(len(s16), 16000),
		WAV8k:    wavHeader(len(s8), 8000),
		ULaw:     make([]byte, len(s8)),
		ALaw:     make([]byte, len(s8)),
		Duration: samplesToDuration(int64(len(s8)), 8000),
		Peaks:    make([]float32, PeakBuckets),
	}
	quantize(s16, g, fade, 16000, func(i int, v int16) {
		binary.LittleEndian.PutUint16(r.WAV16k[44+2*i:], uint16(v))
	})
	n := len(s8)
	quantize(s8, g, fade, 8000, func(i int, v int16) {
		binary.LittleEndian.PutUint16(r.WAV8k[44+2*i:], uint16(v))
		r.ULaw[i] = ulawEncode(v)
		r.ALaw[i] = alawEncode(v)
		b := i * PeakBuckets / n
		r.Peaks[b] = max(r.Peaks[b], float32(max(int(v), -int(v)))/32768)
	})
	return r
}

// quantize applies gain and fades, rounds to 16 bits and hands each
// sample to put. (No dither: the result is deterministic and the level is
// far above where 16-bit rounding noise would matter on a phone line.)
func quantize(s []float32, g float32, fade bool, rate int, put func(i int, v int16)) {
	nf := 0
	if fade {
		nf = min(int(fadeTime.Seconds()*float64(rate)), len(s)/2)
	}
	for i, v := range s {
		x := v * g
		if i < nf {
			x *= fadeShape(i, nf)
		} else if j := len(s) - 1 - i; j < nf {
			x *= fadeShape(j, nf)
		}
		x *= 32767
		if x >= 0 {
			x += 0.5
		} else {
			x -= 0.5
		}
		put(i, int16(max(-32768, min(32767, x))))
	}
}

// fadeShape is a raised cosine from 0 at i = 0 towards 1 at i = n.
func fadeShape(i, n int) float32 {
	return float32(0.5 - 0.5*math.Cos(math.Pi*float64(i)/float64(n)))
}

// wavHeader allocates a canonical mono 16-bit PCM WAV for n samples and
// fills in its 44-byte header.
func wavHeader(n, rate int) []byte {
	size := 2 * n
	b := make([]byte, 44+size)
	copy(b[0:], "RIFF")
	binary.LittleEndian.PutUint32(b[4:], uint32(36+size))
	copy(b[8:], "WAVEfmt ")
	binary.LittleEndian.PutUint32(b[16:], 16)
	binary.LittleEndian.PutUint16(b[20:], wavPCM)
	binary.LittleEndian.PutUint16(b[22:], 1)
	binary.LittleEndian.PutUint32(b[24:], uint32(rate))
	binary.LittleEndian.PutUint32(b[28:], uint32(rate*2))
	binary.LittleEndian.PutUint16(b[32:], 2)
	binary.LittleEndian.PutUint16(b[34:], 16)
	copy(b[36:], "data")
	binary.LittleEndian.PutUint32(b[40:], uint32(size))
	return b
}
