package audio

import "testing"

// ITU-T G.711 anchors: the zero and full-scale code words and their
// decoded values (table 1a/2a, scaled to 16 bits as every implementation
// does).
func TestG711KnownValues(t *testing.T) {
	t.Parallel()
	enc := []struct {
		in         int16
		ulaw, alaw byte
	}{
		{0, 0xFF, 0xD5},
		{32767, 0x80, 0xAA},
		{-32768, 0x00, 0x2A},
		{1000, 0xCE, 0xFA},
		{-1000, 0x4E, 0x7A},
		{-1, 0x7F, 0x55},
		{8, 0xFE, 0xD5},
	}
	for _, c := range enc {
		if got := ulawEncode(c.in); got != c.ulaw {
			t.Errorf("ulaw(%d) = %#02x, want %#02x", c.in, got, c.ulaw)
		}
		if got := alawEncode(c.in); got != c.alaw {
			t.Errorf("alaw(%d) = %#02x, want %#02x", c.in, got, c.alaw)
		}
	}
	for code, want := range map[byte]int16{0xFF: 0, 0x7F: 0, 0x80: 32124, 0x00: -32124, 0xCE: 988} {
		if got := ulawDecode(code); got != want {
			t.Errorf("ulaw decode %#02x = %d, want %d", code, got, want)
		}
	}
	for code, want := range map[byte]int16{0xD5: 8, 0x55: -8, 0xAA: 32256, 0x2A: -32256, 0xFA: 1008} {
		if got := alawDecode(code); got != want {
			t.Errorf("alaw decode %#02x = %d, want %d", code, got, want)
		}
	}
}

// Every code word must survive decode+encode, and every sample must come
// back within half a quantisation step (the interval widths double per
// segment: 1/32 of the magnitude, plus the smallest step near zero).
func TestG711RoundTrip(t *testing.T) {
	t.Parallel()
	for c := 0; c < 256; c++ {
		if got := ulawEncode(ulawDecode(byte(c))); got != byte(c) && c != 0x7F {
			t.Errorf("ulaw %#02x -> %d -> %#02x", c, ulawDecode(byte(c)), got)
		}
		if got := alawEncode(alawDecode(byte(c))); got != byte(c) {
			t.Errorf("alaw %#02x -> %d -> %#02x", c, alawDecode(byte(c)), got)
		}
	}
	for x := -32768; x <= 32767; x++ {
		tol := abs(x)/32 + 8
		if e := abs(x - int(ulawDecode(ulawEncode(int16(x))))); e > tol && abs(x) < 32124 {
			t.Fatalf("ulaw(%d) off by %d", x, e)
		}
		if e := abs(x - int(alawDecode(alawEncode(int16(x))))); e > tol && abs(x) < 32256 {
			t.Fatalf("alaw(%d) off by %d", x, e)
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
