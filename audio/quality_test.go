package audio

import (
	"encoding/binary"
	"math"
	"testing"
	"time"
)

// makeWAV builds a 16-bit PCM WAV whose channels all carry f(t).
func makeWAV(rate, channels int, seconds float64, f func(t float64) float64) []byte {
	n := int(seconds * float64(rate))
	pcm := make([]int16, n*channels)
	for i := 0; i < n; i++ {
		v := f(float64(i) / float64(rate))
		for c := 0; c < channels; c++ {
			pcm[i*channels+c] = int16(math.Round(max(-1, min(1, v)) * 32767))
		}
	}
	b := wavHeader(len(pcm), rate)
	binary.LittleEndian.PutUint16(b[22:], uint16(channels))
	binary.LittleEndian.PutUint32(b[28:], uint32(rate*2*channels))
	binary.LittleEndian.PutUint16(b[32:], uint16(2*channels))
	for i, v := range pcm {
		binary.LittleEndian.PutUint16(b[44+2*i:], uint16(v))
	}
	return b
}

func sine(hz, amp float64) func(float64) float64 {
	return func(t float64) float64 { return amp * math.Sin(2*math.Pi*hz*t) }
}

// pcmOf returns the samples of a 16-bit mono WAV rendition as floats.
func pcmOf(t *testing.T, wav []byte) []float64 {
	t.Helper()
	w, err := parseWAV(wav)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]float64, w.frames)
	for i := range out {
		out[i] = float64(int16(binary.LittleEndian.Uint16(w.data[2*i:]))) / 32768
	}
	return out
}

// goertzel returns the power of frequency hz in x (sampled at rate),
// normalised so that a full-scale sine gives 0.5.
func goertzel(x []float64, rate, hz float64) float64 {
	w := 2 * math.Pi * hz / rate
	c := 2 * math.Cos(w)
	var s1, s2 float64
	for _, v := range x {
		s1, s2 = v+c*s1-s2, s1
	}
	p := s1*s1 + s2*s2 - c*s1*s2
	n := float64(len(x))
	return 2 * p / (n * n)
}

func rms(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v * v
	}
	return math.Sqrt(s / float64(len(x)))
}

func todB(v float64) float64 { return 10 * math.Log10(v) }

func TestSine1kHz(t *testing.T) {
	t.Parallel()
	r, err := Transcode(makeWAV(44100, 2, 2, sine(1000, 0.5)))
	if err != nil {
		t.Fatal(err)
	}
	if d := r.Duration - 2*time.Second; d > 20*time.Millisecond || d < -20*time.Millisecond {
		t.Errorf("duration %v, want 2s ± 20ms", r.Duration)
	}
	for _, c := range []struct {
		wav  []byte
		rate float64
	}{{r.WAV8k, 8000}, {r.WAV16k, 16000}} {
		x := pcmOf(t, c.wav)
		mid := x[len(x)/4 : 3*len(x)/4] // away from the fades
		p := goertzel(mid, c.rate, 1000)
		for _, other := range []float64{250, 500, 750, 1250, 1500, 2000, 3000, 3400} {
			if q := goertzel(mid, c.rate, other); todB(p/q) < 40 {
				t.Errorf("%v Hz: 1 kHz only %.1f dB above %v Hz", c.rate, todB(p/q), other)
			}
		}
		// Levelled to -20 dBFS RMS.
		if l := 20 * math.Log10(rms(mid)); math.Abs(l-targetRMSdB) > 0.5 {
			t.Errorf("%v Hz rendition at %.2f dBFS RMS, want %d", c.rate, l, targetRMSdB)
		}
	}
}

// A 6 kHz tone is above the 8 kHz rendition's band: it must be filtered
// out, not folded down to 2 kHz.
func TestNoAliasing(t *testing.T) {
	t.Parallel()
	const in = 0.5
	// The conversion chain alone, without levelling.
	n := 44100 * 2
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(in * math.Sin(2*math.Pi*6000*float64(i)/44100))
	}
	to16, to8 := newTo16k(44100), newTo8k()
	s16 := to16.process(x, nil, true)
	s8 := to8.process(s16, nil, true)
	y := make([]float64, len(s8)/2)
	for i := range y {
		y[i] = float64(s8[len(s8)/4+i])
	}
	inRMS := in / math.Sqrt2
	if d := 20 * math.Log10(rms(y)/inRMS); d > -40 {
		t.Errorf("8 kHz output only %.1f dB below the input", d)
	}
	if p := goertzel(y, 8000, 2000); todB(p/(in*in/2)) > -40 {
		t.Errorf("alias at 2 kHz only %.1f dB below the input", todB(p/(in*in/2)))
	}

	// And through Transcode: relative to the tone in the 16 kHz
	// rendition (same gain), the 8 kHz one holds nothing at 2 kHz.
	r, err := Transcode(makeWAV(44100, 1, 2, sine(6000, in)))
	if err != nil {
		t.Fatal(err)
	}
	w16, w8 := pcmOf(t, r.WAV16k), pcmOf(t, r.WAV8k)
	tone := goertzel(w16[len(w16)/4:3*len(w16)/4], 16000, 6000)
	alias := goertzel(w8[len(w8)/4:3*len(w8)/4], 8000, 2000)
	if d := todB(alias / tone); d > -40 {
		t.Errorf("alias at 2 kHz only %.1f dB below the 6 kHz tone", d)
	}
	if d := 20 * math.Log10(rms(w8[len(w8)/4:3*len(w8)/4])/math.Sqrt(tone)); d > -40 {
		t.Errorf("8 kHz rendition only %.1f dB below the tone", d)
	}
}

// MP3 input goes through the half-rate synthesis: the two tones of the
// fixture (440 Hz left, 660 Hz right) must come out clean.
func TestMP3Tones(t *testing.T) {
	t.Parallel()
	r, err := Transcode(readFixture(t, "mp3-cbr128-stereo-44k.mp3"))
	if err != nil {
		t.Fatal(err)
	}
	x := pcmOf(t, r.WAV8k)
	mid := x[len(x)/4 : 3*len(x)/4]
	p440, p660 := goertzel(mid, 8000, 440), goertzel(mid, 8000, 660)
	if math.Abs(todB(p440/p660)) > 1 {
		t.Errorf("440 Hz and 660 Hz differ by %.1f dB", todB(p440/p660))
	}
	total := rms(mid) * rms(mid)
	if d := todB((total - p440 - p660) / total); d > -40 {
		t.Errorf("everything but the two tones is only %.1f dB down", d)
	}
}

func TestNoClippingAndFades(t *testing.T) {
	t.Parallel()
	// A full-scale square wave: the worst case for peaks after filtering.
	square := func(t float64) float64 {
		if math.Sin(2*math.Pi*200*t) >= 0 {
			return 1
		}
		return -1
	}
	r, err := Transcode(makeWAV(48000, 2, 1, square))
	if err != nil {
		t.Fatal(err)
	}
	ceiling := dB(peakCeilingdB) + 1.0/32768
	for _, c := range []struct {
		name string
		x    []float64
		rate int
	}{{"8k", pcmOf(t, r.WAV8k), 8000}, {"16k", pcmOf(t, r.WAV16k), 16000}} {
		var peak float64
		for _, v := range c.x {
			peak = max(peak, math.Abs(v))
		}
		if peak > ceiling {
			t.Errorf("%s: peak %.4f above the -1 dBFS ceiling", c.name, peak)
		}
		if math.Abs(c.x[0]) > 0.001 || math.Abs(c.x[len(c.x)-1]) > 0.001 {
			t.Errorf("%s: ends at %.4f and %.4f, want silence", c.name, c.x[0], c.x[len(c.x)-1])
		}
		// Halfway through the fade the level is already substantial,
		// and after it the signal is at full level.
		nf := int(fadeTime.Seconds() * float64(c.rate))
		var m float64 // peak over one period around mid-fade
		for _, v := range c.x[nf/2-c.rate/400 : nf/2+c.rate/400] {
			m = max(m, math.Abs(v))
		}
		if m > 0.8*peak || m < 0.2*peak {
			t.Errorf("%s: mid-fade level %.4f (peak %.4f)", c.name, m, peak)
		}
	}
	for _, p := range r.Peaks {
		if p <= 0 || p > float32(ceiling) {
			t.Errorf("peak bucket %v", p)
		}
	}
	// G.711 renditions: decoding them gives the 8 kHz PCM back within
	// companding error.
	x := pcmOf(t, r.WAV8k)
	for i, v := range x {
		u := float64(ulawDecode(r.ULaw[i])) / 32768
		a := float64(alawDecode(r.ALaw[i])) / 32768
		tol := math.Abs(v)/16 + 0.001
		if math.Abs(u-v) > tol || math.Abs(a-v) > tol {
			t.Fatalf("sample %d: pcm %.4f ulaw %.4f alaw %.4f", i, v, u, a)
		}
	}
}

// Quiet uploads are raised at most 24 dB.
func TestLevelGainCap(t *testing.T) {
	t.Parallel()
	r, err := Transcode(makeWAV(16000, 1, 1, sine(440, 0.001)))
	if err != nil {
		t.Fatal(err)
	}
	x := pcmOf(t, r.WAV16k)
	got := 20 * math.Log10(rms(x[len(x)/4:3*len(x)/4])/(0.001/math.Sqrt2))
	if math.Abs(got-maxGaindB) > 0.5 {
		t.Errorf("gain %.2f dB, want the %d dB cap", got, maxGaindB)
	}
	// Digital silence stays silent.
	r, err = Transcode(makeWAV(8000, 1, 1, func(float64) float64 { return 0 }))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range r.Peaks {
		if p != 0 {
			t.Fatal("silence came out non-silent")
		}
	}
}

// Every supported rate converts to the right number of samples.
func TestRates(t *testing.T) {
	t.Parallel()
	for _, rate := range []int{8000, 11025, 12000, 16000, 22050, 24000, 32000, 37800, 44100, 48000, 88200, 96000, 176400, 192000, 12345} {
		r, err := Transcode(makeWAV(rate, 1, 1, sine(440, 0.5)))
		if err != nil {
			t.Fatalf("%d Hz: %v", rate, err)
		}
		x := pcmOf(t, r.WAV8k)
		if len(x) < 7990 || len(x) > 8010 {
			t.Errorf("%d Hz: %d samples at 8 kHz, want 8000", rate, len(x))
		}
		mid := x[2000:6000]
		p := goertzel(mid, 8000, 440)
		if todB(p/(rms(mid)*rms(mid))) < -0.5 {
			t.Errorf("%d Hz: 440 Hz carries only %.1f dB of the energy", rate, todB(p/(rms(mid)*rms(mid))))
		}
	}
}
