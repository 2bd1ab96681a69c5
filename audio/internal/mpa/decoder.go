// Copyright 2017 Hajime Hoshi
// Copyright 2026 The sipdesk authors
//
// Licensed under the Apache License, Version 2.0; see LICENSE in this
// directory. The Layer III decoding steps follow the structure of
// github.com/hajimehoshi/go-mp3 (itself after PDMP3) and ISO/IEC 11172-3 /
// 13818-3; see the package comment for what changed and why.

package mpa

import (
	"errors"
	"fmt"
	"math"
)

// ErrCorrupt is wrapped by every error about the bit stream contents.
var ErrCorrupt = errors.New("corrupt mp3 data")

func corrupt(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrCorrupt}, args...)...)
}

type granule struct {
	part23       int
	bigValues    int
	globalGain   int
	sfCompress   int
	winSwitch    bool
	blockType    int
	mixed        bool
	table        [3]int
	subblockGain [3]int
	region1      int // first line of region 1
	region2      int // first line of region 2
	preflag      bool
	sfScale      int
	count1Table  int
}

func (g *granule) short() bool { return g.winSwitch && g.blockType == 2 }

// sameBlocks reports whether two granules window their spectra the same
// way, which makes reorder, antialias, IMDCT and overlap-add identical
// linear operations on both, so they can run once on the sum.
func sameBlocks(a, b *granule) bool {
	return a.winSwitch == b.winSwitch && a.blockType == b.blockType && a.mixed == b.mixed
}

// Decoder decodes consecutive Layer III frames of one stream. The zero
// value is ready to use.
type Decoder struct {
	// HalfRate makes Decode synthesise only the lower 16 subbands at half
	// the sample rate (half the samples per frame). It roughly halves the
	// cost of the filterbank for callers that need nothing above a quarter
	// of the sample rate. Set it before the first Decode.
	HalfRate bool

	res    []byte // bit reservoir: main data of the previous frames
	main   []byte // scratch: reservoir part + this frame's main data + padding
	frames int
	ok     bool // a frame has been decoded for real

	gr      [2][2]granule // [gr][ch]
	scfsi   [2][4]int
	sfL     [2][2][22]int   // [gr][ch][sfb]
	sfS     [2][13][3]int   // [ch][sfb][win] (current granule)
	isMax   [2][22]int      // MPEG-2 intensity stereo: illegal position per band
	isL     [2][13][3]int   // MPEG-2: illegal short positions
	q       [2][576]int32   // quantised values
	xr      [2][576]float32 // spectrum, then hybrid output
	nz      [2]int          // lines below which values may be non-zero
	nzq     [2]int          // the same for q, before any limit
	store   [2][32][18]float32
	split   bool // store[1] holds a separate overlap (not merged into store[0])
	syn     synth
	isLSF   int // MPEG-2 intensity_scale of the current granule
	modeExt int // joint stereo mode extension of the current frame (0 otherwise)
	nch     int // channels of the previous frame, 0 before the first
}

// Decode decodes one complete frame (header included) and writes the mono
// downmix, (L+R)/2 for stereo, to out, returning the number of samples
// (Header.Samples, or half of it with HalfRate). With out == nil the frame is only parsed and
// Huffman-decoded, which validates it at a fraction of the cost.
//
// A frame whose bit reservoir reaches into data before the first frame
// yields silence if no frame has been decoded yet (a stream cut at the
// front); later it is an error.
func (d *Decoder) Decode(frame []byte, out []float32) (int, error) {
	h, ok := ParseHeader(frame)
	if !ok {
		return 0, corrupt("invalid frame header")
	}
	if h.Layer != 3 {
		return 0, corrupt("not a Layer III frame")
	}
	if h.FrameSize == 0 {
		return 0, corrupt("free-format bitrate is not supported")
	}
	if len(frame) < h.FrameSize {
		return 0, corrupt("frame is %d bytes, header says %d", len(frame), h.FrameSize)
	}
	ns := h.Samples
	if d.HalfRate {
		ns /= 2
	}
	if out != nil && len(out) < ns {
		return 0, errors.New("mpa: output buffer too small")
	}
	d.frames++
	if nch := h.Channels(); nch != d.nch {
		d.channelsChanged(nch)
	}
	off := 4
	if h.CRC {
		off += 2
	}
	sis := h.SideInfoSize()
	if off+sis > h.FrameSize {
		return 0, corrupt("frame too short for its side information")
	}
	d.modeExt = 0
	if h.Mode == ModeJointStereo {
		d.modeExt = h.ModeExt
	}
	mdb, err := d.sideInfo(h, frame[off:off+sis])
	if err != nil {
		return 0, err
	}
	mainData := frame[off+sis : h.FrameSize]

	if mdb > len(d.res) {
		d.keep(mainData)
		if d.ok {
			return 0, corrupt("bit reservoir underflow in frame %d", d.frames)
		}
		if out != nil {
			clear(out[:ns])
		}
		return ns, nil
	}
	d.main = append(d.main[:0], d.res[len(d.res)-mdb:]...)
	d.main = append(d.main, mainData...)
	avail := len(d.main) * 8
	d.main = append(d.main, 0, 0, 0, 0, 0, 0, 0, 0)
	d.keep(mainData)

	nch := h.Channels()
	ngr := 2
	if h.lsf() {
		ngr = 1
	}
	need := 0
	for gr := 0; gr < ngr; gr++ {
		for ch := 0; ch < nch; ch++ {
			need += d.gr[gr][ch].part23
		}
	}
	if need > avail {
		return 0, corrupt("frame %d needs %d bits of main data, has %d", d.frames, need, avail)
	}

	br := bitReader{buf: d.main}
	bt := &bands[rateIndex(h)]
	for gr := 0; gr < ngr; gr++ {
		for ch := 0; ch < nch; ch++ {
			g := &d.gr[gr][ch]
			start := br.pos
			if h.lsf() {
				d.scalefactorsLSF(&br, g, ch)
			} else {
				d.scalefactorsMPEG1(&br, g, gr, ch)
			}
			end := start + g.part23
			if br.pos > end {
				return 0, corrupt("scale factors overrun granule in frame %d", d.frames)
			}
			if err := d.huffman(&br, g, ch, end); err != nil {
				return 0, fmt.Errorf("%w in frame %d", err, d.frames)
			}
			br.pos = end
			d.nzq[ch] = d.nz[ch]
			if out != nil {
				d.requantize(g, ch, gr, bt, d.lineLimit(g, bt))
			}
		}
		if out == nil {
			continue
		}
		if nch == 2 {
			d.stereo(h, gr, bt)
		}
		n := ns / ngr
		d.output(h, gr, bt, out[gr*n:gr*n+n])
	}
	d.ok = true
	return ns, nil
}

// channelsChanged keeps the IMDCT overlap continuous when a stream
// switches between mono and two channels: mono frames carry the overlap
// of the one channel, two-channel frames the sum of both, halved at
// synthesis, so the tail is doubled or halved to sound the same.
func (d *Decoder) channelsChanged(nch int) {
	prev := d.nch
	d.nch = nch
	if prev == 0 {
		return
	}
	f := float32(2)
	if nch == 1 {
		f = 0.5
	}
	for sb := range d.store[0] {
		for i := range d.store[0][sb] {
			d.store[0][sb][i] = (d.store[0][sb][i] + d.store[1][sb][i]) * f
		}
	}
	d.store[1] = [32][18]float32{}
	d.split = false
}

// keep appends main data to the reservoir, keeping only what a later
// frame can reach (main_data_begin is at most 511 bytes).
func (d *Decoder) keep(b []byte) {
	d.res = append(d.res, b...)
	if n := len(d.res); n > 2048 {
		copy(d.res, d.res[n-1024:])
		d.res = d.res[:1024]
	}
}

func (d *Decoder) sideInfo(h Header, b []byte) (mdb int, err error) {
	var buf [40]byte
	copy(buf[:], b)
	br := bitReader{buf: buf[:]}
	nch := h.Channels()
	bt := &bands[rateIndex(h)]
	ngr := 2
	if h.lsf() {
		ngr = 1
		mdb = br.bits(8)
		br.bits(uint(2 - nch%2)) // private bits: 1 mono, 2 stereo
	} else {
		mdb = br.bits(9)
		if nch == 1 {
			br.bits(5)
		} else {
			br.bits(3)
		}
		for ch := 0; ch < nch; ch++ {
			for i := 0; i < 4; i++ {
				d.scfsi[ch][i] = br.bit()
			}
		}
	}
	for gr := 0; gr < ngr; gr++ {
		for ch := 0; ch < nch; ch++ {
			g := &d.gr[gr][ch]
			*g = granule{}
			g.part23 = br.bits(12)
			g.bigValues = br.bits(9)
			if g.bigValues > 288 {
				return 0, corrupt("big_values %d out of range in frame %d", g.bigValues, d.frames)
			}
			g.globalGain = br.bits(8)
			if h.lsf() {
				g.sfCompress = br.bits(9)
			} else {
				g.sfCompress = br.bits(4)
			}
			g.winSwitch = br.bit() == 1
			if g.winSwitch {
				g.blockType = br.bits(2)
				if g.blockType == 0 {
					return 0, corrupt("reserved block type in frame %d", d.frames)
				}
				g.mixed = br.bit() == 1
				g.table[0] = br.bits(5)
				g.table[1] = br.bits(5)
				for w := 0; w < 3; w++ {
					g.subblockGain[w] = br.bits(3)
				}
				if g.blockType == 2 {
					g.region1 = 3 * bt.short[3]
				} else {
					g.region1 = bt.long[8]
				}
				g.region2 = 576
			} else {
				for r := 0; r < 3; r++ {
					g.table[r] = br.bits(5)
				}
				r0 := br.bits(4)
				r1 := br.bits(3)
				g.region1 = bt.long[min(r0+1, 22)]
				g.region2 = bt.long[min(r0+r1+2, 22)]
			}
			if !h.lsf() {
				g.preflag = br.bit() == 1
			}
			g.sfScale = br.bit()
			g.count1Table = br.bit()
		}
	}
	return mdb, nil
}

func (d *Decoder) scalefactorsMPEG1(br *bitReader, g *granule, gr, ch int) {
	s := slenMPEG1[g.sfCompress]
	sfl := &d.sfL[gr][ch]
	sfs := &d.sfS[ch]
	if g.short() {
		sfb := 0
		if g.mixed {
			for ; sfb < 8; sfb++ {
				sfl[sfb] = br.bits(s[0])
			}
			sfb = 3
		}
		for ; sfb < 12; sfb++ {
			n := s[1]
			if sfb < 6 {
				n = s[0]
			}
			for w := 0; w < 3; w++ {
				sfs[sfb][w] = br.bits(n)
			}
		}
		sfs[12] = [3]int{}
		return
	}
	groups := [5]int{0, 6, 11, 16, 21}
	for gi := 0; gi < 4; gi++ {
		n := s[0]
		if gi >= 2 {
			n = s[1]
		}
		for sfb := groups[gi]; sfb < groups[gi+1]; sfb++ {
			if gr == 1 && d.scfsi[ch][gi] == 1 {
				sfl[sfb] = d.sfL[0][ch][sfb]
			} else {
				sfl[sfb] = br.bits(n)
			}
		}
	}
	sfl[21] = 0
}

func (d *Decoder) scalefactorsLSF(br *bitReader, g *granule, ch int) {
	var slen [4]int
	tab := 0
	sfc := g.sfCompress
	intensity := ch == 1 && d.modeExt&1 == 1
	switch {
	case intensity:
		d.isLSF = sfc & 1
		sfc >>= 1
		switch {
		case sfc < 180:
			slen = [4]int{sfc / 36, (sfc % 36) / 6, sfc % 6, 0}
			tab = 3
		case sfc < 244:
			t := sfc - 180
			slen = [4]int{(t % 64) >> 4, (t % 16) >> 2, t % 4, 0}
			tab = 4
		default:
			t := sfc - 244
			slen = [4]int{t / 3, t % 3, 0, 0}
			tab = 5
		}
	case sfc < 400:
		slen = [4]int{(sfc >> 4) / 5, (sfc >> 4) % 5, (sfc & 15) >> 2, sfc & 3}
	case sfc < 500:
		t := sfc - 400
		slen = [4]int{(t >> 2) / 5, (t >> 2) % 5, t & 3, 0}
		tab = 1
	default:
		t := sfc - 500
		slen = [4]int{t / 3, t % 3, 0, 0}
		tab = 2
		g.preflag = true
	}
	kind := 0
	if g.short() {
		kind = 1
		if g.mixed {
			kind = 2
		}
	}
	var sf, mx [39]int
	n := 0
	for i := 0; i < 4; i++ {
		for j := 0; j < nrOfSfb[kind][tab][i]; j++ {
			sf[n] = br.bits(uint(slen[i]))
			mx[n] = 1<<uint(slen[i]) - 1
			n++
		}
	}
	sfl := &d.sfL[0][ch]
	sfs := &d.sfS[ch]
	switch kind {
	case 0:
		for i := 0; i < 21; i++ {
			sfl[i], d.isMax[ch][i] = sf[i], mx[i]
		}
		sfl[21], d.isMax[ch][21] = 0, mx[20]
	case 1:
		for sfb := 0; sfb < 12; sfb++ {
			for w := 0; w < 3; w++ {
				sfs[sfb][w], d.isL[ch][sfb][w] = sf[sfb*3+w], mx[sfb*3+w]
			}
		}
		sfs[12] = [3]int{}
		d.isL[ch][12] = d.isL[ch][11]
	default:
		for i := 0; i < 6; i++ {
			sfl[i], d.isMax[ch][i] = sf[i], mx[i]
		}
		for sfb := 3; sfb < 12; sfb++ {
			for w := 0; w < 3; w++ {
				k := 6 + (sfb-3)*3 + w
				sfs[sfb][w], d.isL[ch][sfb][w] = sf[k], mx[k]
			}
		}
		sfs[12] = [3]int{}
		d.isL[ch][12] = d.isL[ch][11]
	}
}

func (d *Decoder) huffman(br *bitReader, g *granule, ch, end int) error {
	q := &d.q[ch]
	bv := g.bigValues * 2
	i := 0
	for r := 0; r < 3 && i < bv; r++ {
		lim := bv
		if r == 0 {
			lim = min(bv, g.region1)
		} else if r == 1 {
			lim = min(bv, max(g.region1, g.region2))
		}
		if r == 2 && g.winSwitch {
			break // only two regions when window switching
		}
		t := g.table[r]
		if i >= lim {
			continue
		}
		if t == 0 {
			for ; i < lim; i++ {
				q[i] = 0
			}
			continue
		}
		if t == 4 || t == 14 {
			return corrupt("invalid Huffman table %d", t)
		}
		linbits := uint(huffmanMain[t].linbits)
		for ; i < lim; i += 2 {
			x, y, ok := br.pair(t, linbits)
			if !ok {
				return corrupt("invalid Huffman code")
			}
			q[i], q[i+1] = x, y
		}
	}
	for ; i < bv; i++ { // regions cut short by window switching
		q[i] = 0
	}
	if br.pos > end {
		return corrupt("Huffman data overruns its granule")
	}
	t := 32 + g.count1Table
	for i < 576 && br.pos < end {
		save := br.pos
		vals, ok := br.quad(t)
		if !ok {
			return corrupt("invalid Huffman code")
		}
		if br.pos > end {
			br.pos = save
			break // the last quadruple ran past the granule: drop it
		}
		for k := 0; k < 4 && i < 576; k++ {
			q[i] = vals[k]
			i++
		}
	}
	d.nz[ch] = i
	return nil
}

// lineLimit is how many spectral lines the output can depend on: all of
// them, or with HalfRate those of the lower 16 subbands plus the 8 lines
// the antialias butterflies borrow from subband 16 (whole short bands, as
// reordering moves lines within a band).
func (d *Decoder) lineLimit(g *granule, bt *bandTable) int {
	if !d.HalfRate {
		return 576
	}
	if !g.short() {
		return 16*18 + 8
	}
	for sfb := 0; sfb < 13; sfb++ {
		if 3*bt.short[sfb+1] >= 16*18 {
			return 3 * bt.short[sfb+1]
		}
	}
	return 576
}

func gain(q int) float32 {
	return float32(math.Ldexp(gainFrac[q&3], q>>2))
}

// requantize turns the quantised values of lines below limit into
// spectral values: sign(q) |q|^(4/3) 2^(gain/4), the gain combining the
// global gain, scale factors and sub-block gains per band.
func (d *Decoder) requantize(g *granule, ch, gr int, bt *bandTable, limit int) {
	q := &d.q[ch]
	xr := &d.xr[ch]
	nz := min(d.nz[ch], limit)
	gg := g.globalGain - 210
	mul := 2 * (1 + g.sfScale)
	i := 0
	run := func(e int, f float32) {
		for ; i < e; i++ {
			v := q[i]
			if v == 0 {
				xr[i] = 0
			} else if v > 0 {
				xr[i] = pow43[v] * f
			} else {
				xr[i] = -pow43[-v] * f
			}
		}
	}
	long := func(sfb int) {
		p := 0
		if g.preflag {
			p = pretab[sfb]
		}
		run(min(bt.long[sfb+1], nz), gain(gg-mul*(d.sfL[gr][ch][sfb]+p)))
	}
	if !g.short() {
		for sfb := 0; sfb < 22 && i < nz; sfb++ {
			long(sfb)
		}
	} else {
		sfb := 0
		if g.mixed {
			for ; sfb < 22 && bt.long[sfb] < 36 && i < nz; sfb++ {
				long(sfb)
			}
			sfb = 3
			for ; i < 3*bt.short[3] && i < 576; i++ {
				xr[i] = 0
			}
		}
		for ; sfb < 13 && i < nz; sfb++ {
			w := bt.short[sfb+1] - bt.short[sfb]
			for win := 0; win < 3; win++ {
				run(min(i+w, nz), gain(gg-8*g.subblockGain[win]-mul*d.sfS[ch][sfb][win]))
			}
		}
	}
	for ; i < 576; i++ {
		xr[i] = 0
	}
	d.nz[ch] = nz
}
