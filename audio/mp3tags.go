package audio

import (
	"encoding/binary"
	"strconv"

	"github.com/sipdesk/sipdesk/audio/internal/mpa"
)

// The tags around MP3 frames: the Xing/Info (LAME) or VBRI header in the
// first frame, which says how many frames and samples to expect, and the
// ID3v1, APEv2, Lyrics3 and appended ID3v2 tags after the last frame.

// trimTrailers returns the end of the audio frames: the file end less any
// ID3v1, APEv2, Lyrics3 and appended ID3v2 tags.
func trimTrailers(b []byte, start int) int {
	end := len(b)
	for end > start {
		t := b[start:end]
		n := len(t)
		switch {
		case n >= 128 && string(t[n-128:n-125]) == "TAG":
			end -= 128
			if n >= 355 && string(t[n-355:n-351]) == "TAG+" {
				end -= 227
			}
		case apeTagSize(t) > 0:
			end -= apeTagSize(t)
		case appendedID3v2(t) > 0:
			end -= appendedID3v2(t)
		case n >= 15 && string(t[n-9:]) == "LYRICS200":
			size, err := strconv.Atoi(string(t[n-15 : n-9]))
			if err != nil || size+15 > n {
				return end
			}
			end -= size + 15
		default:
			return end
		}
	}
	return end
}

type xingInfo struct {
	frames, bytes  int // -1 if absent
	vbr            bool
	delay, padding int // -1 if absent
}

// parseXing reads a Xing/Info (LAME) or VBRI header from the first frame.
func parseXing(f []byte, h mpa.Header) (xingInfo, bool) {
	x := xingInfo{frames: -1, bytes: -1, delay: -1, padding: -1}
	u32 := func(i int) int { return int(binary.BigEndian.Uint32(f[i:])) }
	if off, ok := xingOffset(f, h); ok {
		x.vbr = string(f[off:off+4]) == "Xing"
		flags := u32(off + 4)
		p := off + 8
		if flags&1 != 0 && len(f) >= p+4 {
			x.frames = u32(p)
			p += 4
		}
		if flags&2 != 0 && len(f) >= p+4 {
			x.bytes = u32(p)
			p += 4
		}
		if flags&4 != 0 {
			p += 100
		}
		if flags&8 != 0 {
			p += 4
		}
		// LAME extension: 9-byte encoder string, delay/padding at +21.
		if len(f) >= p+24 && isEncoderTag(f[p:p+4]) {
			x.delay = int(f[p+21])<<4 | int(f[p+22])>>4
			x.padding = int(f[p+22]&0x0F)<<8 | int(f[p+23])
		}
		return x, true
	}
	if len(f) >= 36+18 && string(f[36:40]) == "VBRI" {
		x.vbr = true
		x.bytes = u32(36 + 10)
		x.frames = u32(36 + 14)
		return x, true
	}
	return x, false
}

// xingOffset finds the Xing/Info tag after the side information. In a
// CRC-protected stream (lame -p) LAME and ffmpeg put it right after the
// side information as if there were no CRC; the offset after the 2-byte
// CRC is tried too, for other writers.
func xingOffset(f []byte, h mpa.Header) (int, bool) {
	off := 4 + h.SideInfoSize()
	for _, o := range []int{off, off + 2} {
		if len(f) >= o+8 && (string(f[o:o+4]) == "Xing" || string(f[o:o+4]) == "Info") {
			return o, true
		}
		if !h.CRC {
			break
		}
	}
	return 0, false
}

func isEncoderTag(b []byte) bool {
	s := string(b)
	return s == "LAME" || s == "Lavc" || s == "Lavf" || s == "GOGO" || s == "L3.9"
}

// appendedID3v2 returns the size of an ID3v2 tag at the end of t, found
// by its "3DI" footer (Audacious and others append tags there), or 0.
func appendedID3v2(t []byte) int {
	n := len(t)
	if n < 20 || string(t[n-10:n-7]) != "3DI" || t[n-4]|t[n-3]|t[n-2]|t[n-1] >= 0x80 {
		return 0
	}
	size := int(t[n-4])<<21 | int(t[n-3])<<14 | int(t[n-2])<<7 | int(t[n-1]) + 20
	if size > n || string(t[n-size:n-size+3]) != "ID3" {
		return 0
	}
	return size
}

// apeTagSize returns the size of an APEv2 tag ending t, or 0.
func apeTagSize(t []byte) int {
	n := len(t)
	if n < 32 || string(t[n-32:n-24]) != "APETAGEX" {
		return 0
	}
	size := int(binary.LittleEndian.Uint32(t[n-20:]))
	if binary.LittleEndian.Uint32(t[n-12:])&(1<<31) != 0 { // has a header
		size += 32
	}
	if size < 32 || size > n {
		return 0
	}
	return size
}
