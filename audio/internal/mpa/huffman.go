// Copyright 2026 The sipdesk authors. Licensed under the Apache License,
// Version 2.0; see LICENSE in this directory.

package mpa

import "encoding/binary"

// bitReader reads MSB-first bits from buf. buf always carries at least 8
// zero bytes of padding past the meaningful data so peek never needs a
// bounds branch in the hot path; callers compare pos against their own
// limits to notice overruns.
type bitReader struct {
	buf []byte
	pos int // in bits
}

// peek returns the next n bits (n <= 24) without consuming them.
func (b *bitReader) peek(n uint) uint32 {
	i := b.pos >> 3
	if i+4 > len(b.buf) {
		return 0
	}
	v := binary.BigEndian.Uint32(b.buf[i:])
	return (v << uint(b.pos&7)) >> (32 - n)
}

func (b *bitReader) bits(n uint) int {
	if n == 0 {
		return 0
	}
	v := b.peek(n)
	b.pos += int(n)
	return int(v)
}

func (b *bitReader) bit() int {
	return b.bits(1)
}

// Huffman lookup: an 8-bit prefix resolves most code words in one step.
// Entries with lutLeaf set hold the decoded value in the low byte and the
// code length in bits 8..15; other entries hold the tree node reached after
// 8 bits, from which decoding continues bit by bit; lutBad marks prefixes
// that run off the tree (corrupt data).
const (
	lutLeaf = 1 << 31
	lutBad  = 1 << 30
)

var huffLUT [34][256]uint32

func init() {
	for t := range huffmanMain {
		ht := huffmanMain[t]
		if ht.treelen == 0 {
			continue
		}
		for p := 0; p < 256; p++ {
			point := 0
			e := uint32(lutBad)
			for n := 0; ; n++ {
				if ht.hufftable[point]&0xff00 == 0 {
					e = lutLeaf | uint32(n)<<8 | uint32(ht.hufftable[point]&0xff)
					break
				}
				if n == 8 {
					e = uint32(point)
					break
				}
				point = treeStep(ht.hufftable, point, (p>>(7-n))&1)
				if point >= ht.treelen {
					break
				}
			}
			huffLUT[t][p] = e
		}
	}
}

func treeStep(tab []uint16, point, bit int) int {
	if bit != 0 {
		for tab[point]&0xff >= 250 {
			point += int(tab[point] & 0xff)
		}
		return point + int(tab[point]&0xff)
	}
	for tab[point]>>8 >= 250 {
		point += int(tab[point] >> 8)
	}
	return point + int(tab[point]>>8)
}

// peek64 returns the next bits MSB-aligned; at least 57 of them are
// valid.
func (b *bitReader) peek64() uint64 {
	i := b.pos >> 3
	if i+8 > len(b.buf) {
		var t [8]byte
		if i < len(b.buf) {
			copy(t[:], b.buf[i:])
		}
		return binary.BigEndian.Uint64(t[:]) << uint(b.pos&7)
	}
	return binary.BigEndian.Uint64(b.buf[i:]) << uint(b.pos&7)
}

// code decodes one code word of table t from the MSB-aligned bits w and
// returns its packed value (x<<4 | y) and length; n == 0 means an invalid
// code.
func code(t int, w uint64) (v int, n uint) {
	e := huffLUT[t][w>>56]
	if e&lutLeaf != 0 {
		return int(e & 0xff), uint(e>>8) & 0xff
	}
	if e&lutBad != 0 {
		return 0, 0
	}
	ht := huffmanMain[t]
	point := int(e)
	for n = 8; n < 32; n++ {
		if ht.hufftable[point]&0xff00 == 0 {
			return int(ht.hufftable[point] & 0xff), n
		}
		point = treeStep(ht.hufftable, point, int(w>>(63-n))&1)
		if point >= ht.treelen {
			return 0, 0
		}
	}
	return 0, 0
}

// pair decodes a big_values pair with its linbits and sign bits.
func (b *bitReader) pair(t int, linbits uint) (x, y int32, ok bool) {
	w := b.peek64()
	v, n := code(t, w)
	if n == 0 {
		return 0, 0, false
	}
	x, y = int32(v>>4), int32(v&15)
	if x == 15 && linbits > 0 {
		x += int32((w << n) >> (64 - linbits))
		n += linbits
	}
	if x != 0 {
		if (w<<n)>>63 != 0 {
			x = -x
		}
		n++
	}
	if y == 15 && linbits > 0 {
		y += int32((w << n) >> (64 - linbits))
		n += linbits
	}
	if y != 0 {
		if (w<<n)>>63 != 0 {
			y = -y
		}
		n++
	}
	b.pos += int(n)
	return x, y, true
}

// quad decodes a count1 quadruple (tables 32 and 33) with its sign bits.
func (b *bitReader) quad(t int) (vals [4]int32, ok bool) {
	w := b.peek64()
	v, n := code(t, w)
	if n == 0 {
		return vals, false
	}
	for k := 0; k < 4; k++ {
		if v&(8>>uint(k)) != 0 {
			vals[k] = 1
			if (w<<n)>>63 != 0 {
				vals[k] = -1
			}
			n++
		}
	}
	b.pos += int(n)
	return vals, true
}
