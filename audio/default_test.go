package audio

import (
	"bytes"
	"math"
	"testing"
	"time"
)

func TestDefaultPiece(t *testing.T) {
	t.Parallel()
	r, err := DefaultPiece()
	if err != nil {
		t.Fatal(err)
	}
	if r.Duration != 24*time.Second {
		t.Errorf("duration %v", r.Duration)
	}
	checkRenditions(t, r)
	again, _ := DefaultPiece()
	if !bytes.Equal(r.WAV16k, again.WAV16k) || &r.WAV16k[0] == &again.WAV16k[0] {
		t.Error("DefaultPiece must return equal copies")
	}
	for _, c := range []struct {
		wav  []byte
		rate int
	}{{r.WAV8k, 8000}, {r.WAV16k, 16000}} {
		x := pcmOf(t, c.wav)
		// Seamless loop: the jump from the last sample to the first is no
		// bigger than the steps inside the piece.
		var step float64
		for i := 1; i < len(x); i++ {
			step = max(step, math.Abs(x[i]-x[i-1]))
		}
		if seam := math.Abs(x[0] - x[len(x)-1]); seam > step {
			t.Errorf("%d Hz: loop seam %.4f, largest step %.4f", c.rate, seam, step)
		}
		if l := 20 * math.Log10(rms(x)); l > targetRMSdB+0.5 {
			t.Errorf("%d Hz: %.1f dBFS RMS", c.rate, l)
		}
		var peak float64
		for _, v := range x {
			peak = max(peak, math.Abs(v))
		}
		if peak > dB(peakCeilingdB)+1.0/32768 || peak < 0.1 {
			t.Errorf("%d Hz: peak %.3f", c.rate, peak)
		}
	}
}
