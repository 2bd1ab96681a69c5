package audio

import (
	"math"
	"sync"
)

// The default piece is composed here, in code, so the project owns it
// outright: no licence to track, no binary asset, byte-identical on every
// build. It is a slow I-vi-IV-V progression in C (Cmaj7, Am7, Fmaj7, G6)
// of soft organ-like pads over a bass line, with a bell arpeggio on top;
// 4 chords of 6 s, 24 s in all.
//
// It loops seamlessly: every note is written into a circular buffer, so
// the release of the last chord rings on into the start of the first,
// and the renditions get no fades. All partials stay below 3.4 kHz, so
// the piece is synthesised directly at 8 and 16 kHz without resampling.
const (
	chordSeconds = 6.0
	beatSeconds  = 0.75 // eight arpeggio notes per chord
)

var defaultChords = []struct {
	bass   int
	pad    []int
	melody [8]int
}{
	{48, []int{60, 64, 67, 71}, [8]int{72, 76, 79, 76, 74, 76, 72, 67}},
	{45, []int{57, 60, 64, 67}, [8]int{69, 72, 76, 72, 71, 72, 69, 64}},
	{41, []int{57, 60, 64, 65}, [8]int{65, 69, 72, 69, 67, 69, 72, 76}},
	{43, []int{55, 59, 62, 64}, [8]int{67, 71, 74, 71, 72, 74, 71, 67}},
}

var defaultPiece struct {
	once sync.Once
	r    *Renditions
}

// DefaultPiece returns the built-in hold music as the same renditions an
// upload produces, for queues whose customer has uploaded nothing. It is
// synthesised once per process; each call returns a fresh copy, so
// callers may keep or modify what they get.
func DefaultPiece() (*Renditions, error) {
	defaultPiece.once.Do(func() {
		s16 := synthPiece(16000)
		s8 := synthPiece(8000)
		info := Info{
			Format:     FormatWAV,
			Codec:      "built-in default hold music",
			SampleRate: 16000,
			Channels:   1,
			Duration:   samplesToDuration(int64(len(s16)), 16000),
		}
		defaultPiece.r = render(info, s16, s8, false)
	})
	r := *defaultPiece.r
	r.WAV8k = clone(r.WAV8k)
	r.WAV16k = clone(r.WAV16k)
	r.ULaw = clone(r.ULaw)
	r.ALaw = clone(r.ALaw)
	r.Peaks = append([]float32(nil), r.Peaks...)
	return &r, nil
}

func clone(b []byte) []byte { return append([]byte(nil), b...) }

func midiHz(n int) float64 { return 440 * math.Pow(2, float64(n-69)/12) }

// synthPiece renders the piece at rate as a circular buffer.
func synthPiece(rate int) []float32 {
	n := int(chordSeconds * float64(len(defaultChords)) * float64(rate))
	buf := make([]float64, n)
	fs := float64(rate)
	// note adds one note starting at time start (s): partials are
	// (multiple, level) pairs, env gives the envelope at time t.
	note := func(start, length, hz float64, partials [][2]float64, env func(t float64) float64) {
		i0 := int(start * fs)
		for i := 0; i < int(length*fs); i++ {
			t := float64(i) / fs
			e := env(t)
			var v float64
			for _, p := range partials {
				v += p[1] * math.Sin(2*math.Pi*hz*p[0]*t)
			}
			buf[(i0+i)%n] += e * v
		}
	}
	pad := func(t float64) float64 { // 1.2 s swell, 6 s hold, 2.5 s release
		switch {
		case t < 1.2:
			return 0.5 - 0.5*math.Cos(math.Pi*t/1.2)
		case t < chordSeconds:
			return 1
		case t < chordSeconds+2.5:
			return 0.5 + 0.5*math.Cos(math.Pi*(t-chordSeconds)/2.5)
		}
		return 0
	}
	bell := func(t float64) float64 { // 8 ms attack, exponential decay
		a := math.Min(1, t/0.008)
		d := math.Exp(-t / 0.45)
		if t > 2.2 { // taper the tail to exactly zero
			d *= math.Max(0, 1-(t-2.2)/0.3)
		}
		return a * d
	}
	organ := [][2]float64{{1, 1}, {2, 0.35}, {3, 0.12}}
	bellP := [][2]float64{{1, 1}, {2.76, 0.18}}
	for c, ch := range defaultChords {
		t0 := float64(c) * chordSeconds
		note(t0, chordSeconds+2.5, midiHz(ch.bass), organ, func(t float64) float64 { return 0.22 * pad(t) })
		for _, m := range ch.pad {
			note(t0, chordSeconds+2.5, midiHz(m), organ, func(t float64) float64 { return 0.09 * pad(t) })
		}
		for k, m := range ch.melody {
			note(t0+float64(k)*beatSeconds, 2.5, midiHz(m), bellP, func(t float64) float64 { return 0.16 * bell(t) })
		}
	}
	out := make([]float32, n)
	for i, v := range buf {
		out[i] = float32(v)
	}
	return out
}
