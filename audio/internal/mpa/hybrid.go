// Copyright 2026 The sipdesk authors. Licensed under the Apache License,
// Version 2.0; see LICENSE in this directory.

package mpa

import "math"

const invSqrt2 = math.Sqrt2 / 2

func msRange(l, r *[576]float32, a, b int) {
	for i := a; i < b; i++ {
		m, s := l[i], r[i]
		l[i] = (m + s) * invSqrt2
		r[i] = (m - s) * invSqrt2
	}
}

// isRange applies intensity stereo position pos to lines [a, b): the right
// channel is rebuilt from the left one. It reports false for an illegal
// position, which the caller then treats as an ordinary (M/S) band.
func (d *Decoder) isRange(lsf bool, pos, maxPos, a, b int) bool {
	var kl, kr float32
	if lsf {
		if pos == maxPos {
			return false
		}
		io := math.Pow(2, -0.25)
		if d.isLSF == 1 {
			io = math.Sqrt2 / 2
		}
		kl, kr = 1, 1
		if pos&1 == 1 {
			kl = float32(math.Pow(io, float64((pos+1)/2)))
		} else {
			kr = float32(math.Pow(io, float64(pos/2)))
		}
	} else {
		if pos >= 7 {
			return false
		}
		kl, kr = isRatioL[pos], isRatioR[pos]
	}
	l, r := &d.xr[0], &d.xr[1]
	for i := a; i < b; i++ {
		v := l[i]
		l[i] = v * kl
		r[i] = v * kr
	}
	return true
}

func (d *Decoder) stereo(h Header, gr int, bt *bandTable) {
	nzMax := max(d.nz[0], d.nz[1])
	if d.modeExt == 0 {
		d.nz[0], d.nz[1] = nzMax, nzMax
		return
	}
	ms := d.modeExt&2 != 0
	l, r := &d.xr[0], &d.xr[1]
	if d.modeExt&1 == 0 {
		msRange(l, r, 0, nzMax)
		d.nz[0], d.nz[1] = nzMax, nzMax
		return
	}
	lsf := h.lsf()
	g := &d.gr[gr][1]
	last := 0 // one past the last non-zero line of the right channel
	for i := d.nzq[1] - 1; i >= 0; i-- {
		if d.q[1][i] != 0 {
			last = i + 1
			break
		}
	}
	if !g.short() || g.mixed {
		if g.short() { // mixed: the long part is never intensity coded here
			if ms {
				msRange(l, r, 0, 36)
			}
			d.stereoShort(bt, gr, ms, lsf, 3)
		} else {
			sfb := 0
			for sfb < 22 && bt.long[sfb+1] <= last {
				sfb++
			}
			if last > bt.long[sfb] { // band partly used: not intensity coded
				sfb++
			}
			if ms {
				msRange(l, r, 0, bt.long[min(sfb, 22)])
			}
			for ; sfb < 22; sfb++ {
				k := min(sfb, 20)
				pos, mx := d.sfL[gr][1][k], 0
				if lsf {
					mx = d.isMax[1][k]
				}
				a, b := bt.long[sfb], bt.long[sfb+1]
				if !d.isRange(lsf, pos, mx, a, b) && ms {
					msRange(l, r, a, b)
				}
			}
		}
	} else {
		d.stereoShort(bt, gr, ms, lsf, 0)
	}
	d.nz[0], d.nz[1] = max(nzMax, d.nz[0]), max(nzMax, d.nz[0])
}

// stereoShort handles short blocks, whose three windows each have their
// own intensity boundary.
func (d *Decoder) stereoShort(bt *bandTable, gr int, ms, lsf bool, first int) {
	l, r := &d.xr[0], &d.xr[1]
	for win := 0; win < 3; win++ {
		top := first // first band of this window that is all zero in R
		for sfb := 12; sfb >= first; sfb-- {
			w := bt.short[sfb+1] - bt.short[sfb]
			a := 3*bt.short[sfb] + win*w
			nonzero := false
			for i := a; i < min(a+w, d.nzq[1]); i++ {
				if d.q[1][i] != 0 {
					nonzero = true
					break
				}
			}
			if nonzero {
				top = sfb + 1
				break
			}
		}
		for sfb := first; sfb < 13; sfb++ {
			w := bt.short[sfb+1] - bt.short[sfb]
			a := 3*bt.short[sfb] + win*w
			if sfb >= top {
				k := min(sfb, 11)
				pos, mx := d.sfS[1][k][win], 0
				if lsf {
					mx = d.isL[1][k][win]
				}
				if d.isRange(lsf, pos, mx, a, a+w) {
					continue
				}
			}
			if ms {
				msRange(l, r, a, a+w)
			}
		}
	}
}

// output turns the requantised (and stereo-processed) spectra of one
// granule into 576 mono samples.
func (d *Decoder) output(h Header, gr int, bt *bandTable, out []float32) {
	g0 := &d.gr[gr][0]
	scale := float32(1)
	switch {
	case h.Channels() == 1:
		d.hybrid(g0, 0, bt)
	case sameBlocks(g0, &d.gr[gr][1]):
		// Mono downmix in the MDCT domain: everything from here on is
		// linear and configured identically for both channels.
		if d.split {
			for sb := range d.store[0] {
				for i := range d.store[0][sb] {
					d.store[0][sb][i] += d.store[1][sb][i]
				}
			}
			d.store[1] = [32][18]float32{}
			d.split = false
		}
		n := max(d.nz[0], d.nz[1])
		l, r := &d.xr[0], &d.xr[1]
		for i := 0; i < n; i++ {
			l[i] += r[i]
		}
		d.nz[0] = n
		d.hybrid(g0, 0, bt)
		scale = 0.5
	default:
		d.split = true
		d.hybrid(g0, 0, bt)
		d.hybrid(&d.gr[gr][1], 1, bt)
		l, r := &d.xr[0], &d.xr[1]
		for i := range l {
			l[i] += r[i]
		}
		scale = 0.5
	}
	if d.HalfRate {
		d.syn.runHalf(&d.xr[0], out, scale)
		return
	}
	d.syn.run(&d.xr[0], out, scale)
}

// hybrid runs reorder, antialias, IMDCT with overlap-add and frequency
// inversion on channel ch, in place.
func (d *Decoder) hybrid(g *granule, ch int, bt *bandTable) {
	xr := &d.xr[ch]
	nz := d.nz[ch]
	nsb := (nz + 17) / 18
	top := 32 // subbands the synthesis will use
	if d.HalfRate {
		top = 16
	}
	if g.short() {
		end := reorder(xr, bt, g.mixed, nz)
		nsb = max(nsb, (end+17)/18)
		if g.mixed {
			antialias(xr, 1)
			nsb = max(nsb, 2)
		}
	} else {
		antialias(xr, min(31, nsb, top))
		nsb++
	}
	nsb = min(nsb, top)
	st := &d.store[ch]
	var in [18]float32
	for sb := 0; sb < nsb; sb++ {
		copy(in[:], xr[sb*18:sb*18+18])
		o := (*[18]float32)(xr[sb*18 : sb*18+18])
		bt := g.blockType
		if !g.winSwitch || (g.mixed && sb < 2) {
			bt = 0
		}
		if bt == 2 {
			imdctShort(&in, o, &st[sb])
		} else {
			imdctLong(&in, o, &st[sb], &imdctWin[bt])
		}
	}
	for sb := nsb; sb < top; sb++ {
		copy(xr[sb*18:sb*18+18], st[sb][:])
		st[sb] = [18]float32{}
	}
	for sb := 1; sb < top; sb += 2 {
		o := xr[sb*18 : sb*18+18]
		for i := 1; i < 18; i += 2 {
			o[i] = -o[i]
		}
	}
}

// reorder turns short-block bands from window-major into frequency-major
// order and returns the end of the last band it touched.
func reorder(xr *[576]float32, bt *bandTable, mixed bool, nz int) int {
	var tmp [576]float32
	sfb := 0
	if mixed {
		sfb = 3
	}
	end := 0
	for ; sfb < 13; sfb++ {
		start := 3 * bt.short[sfb]
		if start >= nz {
			break
		}
		w := bt.short[sfb+1] - bt.short[sfb]
		for win := 0; win < 3; win++ {
			for j := 0; j < w; j++ {
				tmp[start+3*j+win] = xr[start+win*w+j]
			}
		}
		copy(xr[start:start+3*w], tmp[start:start+3*w])
		end = start + 3*w
	}
	return end
}

func antialias(xr *[576]float32, sbMax int) {
	for sb := 1; sb <= sbMax; sb++ {
		for i := 0; i < 8; i++ {
			li := 18*sb - 1 - i
			ui := 18*sb + i
			lo, up := xr[li], xr[ui]
			xr[li] = lo*aaCS[i] - up*aaCA[i]
			xr[ui] = up*aaCS[i] + lo*aaCA[i]
		}
	}
}

// imdctLong is the 36-point IMDCT computed as an 18-point DCT-IV whose
// outputs are unfolded by symmetry, then windowed and overlap-added.
func imdctLong(in, out, store *[18]float32, win *[36]float32) {
	var z [18]float32
	dctIV18(in, &z)
	for i := 0; i < 9; i++ {
		out[i] = z[i+9]*win[i] + store[i]
		store[i] = -z[8-i] * win[i+18]
	}
	for i := 9; i < 18; i++ {
		out[i] = -z[26-i]*win[i] + store[i]
		store[i] = -z[i-9] * win[i+18]
	}
}

// dctIV18 computes z[k] = sum_n x[n] cos(pi (2n+1)(2k+1) / 72) as
// C[k] + C[k+1] with C the DCT-II of x[n] / (2 cos(pi (2n+1) / 72)); the
// DCT-II splits into two 9-point ones, each folded by its symmetry.
// About 150 operations instead of 324 for the direct sum.
func dctIV18(x, z *[18]float32) {
	var a, e, A, E [9]float32
	for k := 0; k < 9; k++ {
		u := x[k] * dct4Pre[k]
		w := x[17-k] * dct4Pre[17-k]
		a[k] = u + w
		e[k] = (u - w) * dct18Twiddle[k]
	}
	dctII9(&a, &A)
	dctII9(&e, &E)
	var c [19]float32
	for m := 0; m < 8; m++ {
		c[2*m] = A[m]
		c[2*m+1] = E[m] + E[m+1]
	}
	c[16], c[17] = A[8], E[8]
	for k := 0; k < 18; k++ {
		z[k] = c[k] + c[k+1]
	}
}

// dctII9 computes X[n] = sum_k x[k] cos(pi n (2k+1) / 18) using
// x[8-k]'s factor being (-1)^n times x[k]'s.
func dctII9(x, X *[9]float32) {
	s0, s1, s2, s3 := x[0]+x[8], x[1]+x[7], x[2]+x[6], x[3]+x[5]
	d0, d1, d2, d3 := x[0]-x[8], x[1]-x[7], x[2]-x[6], x[3]-x[5]
	c := &dct9Cos
	X[0] = s0 + s1 + s2 + s3 + x[4]
	X[2] = s0*c[2][0] + s1*c[2][1] + s2*c[2][2] + s3*c[2][3] - x[4]
	X[4] = s0*c[4][0] + s1*c[4][1] + s2*c[4][2] + s3*c[4][3] + x[4]
	X[6] = s0*c[6][0] + s1*c[6][1] + s2*c[6][2] + s3*c[6][3] - x[4]
	X[8] = s0*c[8][0] + s1*c[8][1] + s2*c[8][2] + s3*c[8][3] + x[4]
	X[1] = d0*c[1][0] + d1*c[1][1] + d2*c[1][2] + d3*c[1][3]
	X[3] = d0*c[3][0] + d1*c[3][1] + d2*c[3][2] + d3*c[3][3]
	X[5] = d0*c[5][0] + d1*c[5][1] + d2*c[5][2] + d3*c[5][3]
	X[7] = d0*c[7][0] + d1*c[7][1] + d2*c[7][2] + d3*c[7][3]
}

var dct4Pre [18]float32     // 1 / (2 cos(pi (2n+1) / 72))
var dct18Twiddle [9]float32 // 1 / (2 cos(pi (2k+1) / 36))
var dct9Cos [9][4]float32   // cos(pi n (2k+1) / 18)

func init() {
	for n := range dct4Pre {
		dct4Pre[n] = float32(1 / (2 * math.Cos(math.Pi*float64(2*n+1)/72)))
	}
	for k := range dct18Twiddle {
		dct18Twiddle[k] = float32(1 / (2 * math.Cos(math.Pi*float64(2*k+1)/36)))
	}
	for n := range dct9Cos {
		for k := range dct9Cos[n] {
			dct9Cos[n][k] = float32(math.Cos(math.Pi * float64(n*(2*k+1)) / 18))
		}
	}
}

func imdctShort(in, out, store *[18]float32) {
	var buf [36]float32
	for w := 0; w < 3; w++ {
		for p := 0; p < 12; p++ {
			c := &imdct12[p]
			var s float32
			for m := 0; m < 6; m++ {
				s += in[3*m+w] * c[m]
			}
			buf[6+6*w+p] += s
		}
	}
	for i := 0; i < 18; i++ {
		out[i] = buf[i] + store[i]
		store[i] = buf[18+i]
	}
}
