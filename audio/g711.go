package audio

// G.711 companding, written here because it is a few lines and the
// renditions must decode bit-exactly with the standard tables Asterisk
// uses. The encoders work on sign and magnitude of the 16-bit sample, as
// Asterisk's own do (the Sun reference shifts before negating, which
// puts -1 and 1 in different codes), and truncate the magnitude to the
// segment's step: decoders reconstruct at the middle of each interval.

// ulawEncode compands a 16-bit sample to mu-law (bias 132, clip 32635).
func ulawEncode(s int16) byte {
	v := int(s)
	sign := byte(0)
	if v < 0 {
		v = -v
		sign = 0x80
	}
	v = min(v, 32635) + 0x84
	exp := 0
	for t := v >> 8; t > 0; t >>= 1 {
		exp++
	}
	return ^(sign | byte(exp<<4) | byte(v>>(exp+3))&0x0F)
}

// alawEncode compands a 16-bit sample to A-law (even bits inverted).
func alawEncode(s int16) byte {
	v := int(s)
	mask := byte(0xD5)
	if v < 0 {
		v = -v
		mask = 0x55
	}
	v = min(v, 32767)
	seg := 0
	for t := v >> 8; t > 0; t >>= 1 {
		seg++
	}
	shift := seg + 3
	if seg == 0 {
		shift = 4
	}
	return (byte(seg<<4) | byte(v>>shift)&0x0F) ^ mask
}

func ulawDecode(u byte) int16 {
	u = ^u
	t := (int(u&0x0F) << 3) + 0x84
	t <<= (u & 0x70) >> 4
	if u&0x80 != 0 {
		return int16(0x84 - t)
	}
	return int16(t - 0x84)
}

func alawDecode(a byte) int16 {
	a ^= 0x55
	t := int(a&0x0F) << 4
	seg := int(a&0x70) >> 4
	switch seg {
	case 0:
		t += 8
	case 1:
		t += 0x108
	default:
		t += 0x108
		t <<= uint(seg - 1)
	}
	if a&0x80 != 0 {
		return int16(t)
	}
	return int16(-t)
}
