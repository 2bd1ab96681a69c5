package audio

import "math"

// Sample-rate conversion, written here rather than imported. The Go
// module proxy offers no suitable pure-Go resampler: the polyphase ports
// (tphakala/go-audio-resampler, oov/audio's speex port) are not served
// by it, zaf/resample wraps libsoxr through cgo, and beep/gopxl resample
// by Lagrange interpolation without an anti-aliasing low-pass, which folds
// everything above 4 kHz back into the 8 kHz rendition.
//
// Design: Kaiser-windowed sinc filters, applied as
//   - halfband decimators (by 2) while the input is at 40 kHz or more:
//     cheap, since they only need to keep 0-8 kHz free of aliases;
//   - one rational polyphase stage from there to 16 kHz, pass band to 85%
//     of the lower Nyquist frequency, 60 dB stop band from Nyquist;
//   - one halfband decimator from 16 to 8 kHz, pass band to 3.4 kHz,
//     70 dB stop band from 4.6 kHz, so nothing above the telephone band
//     folds back (a 6 kHz tone ends up more than 60 dB down).
// Everything streams: each stage keeps only its filter history.

// kaiser returns the Kaiser window at x in [-1, 1].
func kaiser(x, beta float64) float64 {
	if x <= -1 || x >= 1 {
		return 0
	}
	return bessel0(beta*math.Sqrt(1-x*x)) / bessel0(beta)
}

// bessel0 is the modified Bessel function of the first kind, order 0.
func bessel0(x float64) float64 {
	sum, term := 1.0, 1.0
	for k := 1; k < 50; k++ {
		term *= (x / (2 * float64(k))) * (x / (2 * float64(k)))
		sum += term
		if term < sum*1e-12 {
			break
		}
	}
	return sum
}

// kaiserBeta and kaiserTaps are Kaiser's design formulas: the window
// shape for a stop-band attenuation in dB, and the filter length for a
// transition width given as a fraction of the sample rate.
func kaiserBeta(atten float64) float64 {
	return 0.1102 * (atten - 8.7)
}

func kaiserTaps(atten, transition float64) int {
	return int(math.Ceil((atten - 7.95) / (2.285 * 2 * math.Pi * transition)))
}

func sinc(x float64) float64 {
	if x == 0 {
		return 1
	}
	return math.Sin(math.Pi*x) / (math.Pi * x)
}

// stage is one streaming step of the conversion chain.
type stage interface {
	// process appends the output for in to out; flush (in == nil)
	// drains the filter at the end of the stream.
	process(in []float32, out []float32, flush bool) []float32
}

// polyphase resamples by L/M with a windowed-sinc kernel evaluated at
// L phases (at most maxPhases; beyond that the phase is rounded, an error
// below 1/8192 of a sample).
type polyphase struct {
	l, m   int64
	phases int64
	k      int       // taps on each side of the output instant
	coef   []float32 // (phases+1) rows of 2k taps
	buf    []float32 // input from index base on
	base   int64
	n      int64 // next output index
	nIn    int64 // inputs seen
}

const maxPhases = 4096

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// newPolyphase converts from rate in to rate out with the pass band up to
// passFrac of the lower Nyquist frequency and atten dB above it.
func newPolyphase(in, out int, passFrac, atten float64) *polyphase {
	g := gcd(int64(in), int64(out))
	r := &polyphase{l: int64(out) / g, m: int64(in) / g}
	nyq := float64(min(in, out)) / 2
	cut := nyq * (1 + passFrac) / 2 / float64(in) // cycles per input sample
	trans := nyq * (1 - passFrac) / float64(in)
	r.k = kaiserTaps(atten, trans)/2 + 1
	beta := kaiserBeta(atten)
	r.phases = min(r.l, maxPhases)
	taps := 2 * r.k
	r.coef = make([]float32, int(r.phases+1)*taps)
	vals := make([]float64, taps)
	for p := int64(0); p <= r.phases; p++ {
		row := r.coef[int(p)*taps : int(p+1)*taps]
		frac := float64(p) / float64(r.phases)
		var sum float64
		for j := 0; j < taps; j++ {
			t := frac + float64(r.k-1-j) // time from input sample to output instant
			v := 2 * cut * sinc(2*cut*t) * kaiser(t/float64(r.k), beta)
			vals[j] = v
			sum += v
		}
		for j := range row {
			row[j] = float32(vals[j] / sum) // unit gain at DC in every phase
		}
	}
	r.base = -int64(r.k - 1)
	r.buf = make([]float32, r.k-1, 4096)
	return r
}

func (r *polyphase) process(in []float32, out []float32, flush bool) []float32 {
	r.nIn += int64(len(in))
	r.buf = append(r.buf, in...)
	want := int64(math.MaxInt64)
	if flush {
		want = (r.nIn*r.l + r.m - 1) / r.m // ceil(nIn * L / M)
		r.buf = append(r.buf, make([]float32, r.k+1)...)
	}
	taps := 2 * r.k
	have := r.base + int64(len(r.buf))
	for r.n < want {
		x := r.n * r.m
		i := x / r.l
		if i+int64(r.k) >= have {
			break
		}
		ph := x % r.l
		if r.phases != r.l {
			ph = (ph*r.phases + r.l/2) / r.l
		}
		lo := int(i - int64(r.k) + 1 - r.base)
		out = append(out, dot(r.buf[lo:lo+taps], r.coef[int(ph)*taps:int(ph+1)*taps]))
		r.n++
	}
	// Drop input no later output can need.
	next := (r.n*r.m)/r.l - int64(r.k) + 1
	if drop := int(next - r.base); drop > 0 {
		drop = min(drop, len(r.buf))
		r.buf = append(r.buf[:0], r.buf[drop:]...)
		r.base += int64(drop)
	}
	return out
}

// dot is the inner loop of every filter, unrolled for four accumulators.
func dot(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// halfband decimates by two with a symmetric FIR whose every other tap is
// zero; only the non-zero taps are stored and the symmetry halves the
// multiplications.
type halfband struct {
	k    int       // the filter spans 4k-1 taps around its centre
	odd  []float32 // taps at odd distances 1, 3, ..., 2k-1 from the centre
	buf  []float32 // pending input, starting at index base
	base int64
	n    int64 // next output index (input index 2n is its centre)
	nIn  int64
}

// newHalfband keeps [0, pass] (as a fraction of the input rate, < 0.25)
// and attenuates [0.5-pass, 0.5] by atten dB.
func newHalfband(pass, atten float64) *halfband {
	n := kaiserTaps(atten, 0.5-2*pass)
	k := (n + 5) / 4 // taps = 4k-1, odd distances up to 2k-1
	beta := kaiserBeta(atten)
	h := &halfband{k: k, odd: make([]float32, k)}
	half := float64(2*k - 1 + 1)
	var sum float64
	for i := 0; i < k; i++ {
		d := float64(2*i + 1)
		v := 0.5 * sinc(0.5*d) * kaiser(d/half, beta)
		h.odd[i] = float32(v)
		sum += 2 * v
	}
	// Centre tap 0.5; scale the rest for exact unit gain at DC.
	for i := range h.odd {
		h.odd[i] = float32(float64(h.odd[i]) * 0.5 / sum)
	}
	h.base = -int64(2*k - 1)
	h.buf = make([]float32, 2*k-1, 4096)
	return h
}

func (h *halfband) process(in []float32, out []float32, flush bool) []float32 {
	h.nIn += int64(len(in))
	h.buf = append(h.buf, in...)
	want := int64(math.MaxInt64)
	if flush {
		want = (h.nIn + 1) / 2
		h.buf = append(h.buf, make([]float32, 2*h.k)...)
	}
	reach := int64(2*h.k - 1)
	have := h.base + int64(len(h.buf))
	odd := h.odd
	for h.n < want {
		c := 2 * h.n
		if c+reach >= have {
			break
		}
		ci := int(c - h.base)
		w := h.buf[ci-2*h.k+1 : ci+2*h.k]
		mid := 2*h.k - 1
		s := 0.5 * w[mid]
		for i, t := range odd {
			s += t * (w[mid-1-2*i] + w[mid+1+2*i])
		}
		out = append(out, s)
		h.n++
	}
	next := 2*h.n - reach
	if drop := int(next - h.base); drop > 0 {
		drop = min(drop, len(h.buf))
		h.buf = append(h.buf[:0], h.buf[drop:]...)
		h.base += int64(drop)
	}
	return out
}

// chain runs stages one after the other.
type chain struct {
	stages []stage
	tmp    [2][]float32
}

func (c *chain) process(in []float32, out []float32, flush bool) []float32 {
	cur := in
	for i, s := range c.stages {
		if i == len(c.stages)-1 {
			return s.process(cur, out, flush)
		}
		t := &c.tmp[i%2]
		*t = s.process(cur, (*t)[:0], flush)
		cur = *t
	}
	return append(out, in...)
}

// newTo16k builds the chain from rate to 16 kHz.
func newTo16k(rate int) *chain {
	c := &chain{}
	for rate >= 40000 {
		// Keep 0-8 kHz alias-free: the pass edge is 8 kHz.
		c.stages = append(c.stages, newHalfband(8000/float64(rate), 70))
		rate /= 2 // odd rates lose half a hertz here, far below audibility
	}
	if rate != 16000 {
		c.stages = append(c.stages, newPolyphase(rate, 16000, 0.85, 60))
	}
	return c
}

// newTo8k decimates the 16 kHz rendition to 8 kHz: pass band 3.4 kHz.
func newTo8k() *chain {
	return &chain{stages: []stage{newHalfband(3400.0/16000, 70)}}
}
