// Copyright 2026 The sipdesk authors. Licensed under the Apache License,
// Version 2.0; see LICENSE in this directory.

package mpa

// synth is the polyphase synthesis filterbank (ISO/IEC 11172-3 annex
// A.2). The 64x32 matrixing is computed from a 32-point DCT-II:
// N[i][k] = cos((16+i)(2k+1)pi/64) maps onto DCT outputs X[16+i] (i<16),
// 0 (i=16), -X[48-i] (16<i<=48) and -X[i-48] (i>48).
type synth struct {
	v   [16][64]float32 // V vectors, newest at pos
	pos int
}

// run synthesises 18 x 32 samples from hybrid output laid out as
// [subband*18 + slot], multiplying by scale.
func (s *synth) run(in *[576]float32, out []float32, scale float32) {
	var x, X [32]float32
	out = out[:576]
	for ss := 0; ss < 18; ss++ {
		for k := 0; k < 32; k++ {
			x[k] = in[k*18+ss] * scale
		}
		dct32(&x, &X)
		s.pos = (s.pos - 1) & 15
		v := &s.v[s.pos]
		for i := 0; i < 16; i++ {
			v[i] = X[16+i]
		}
		v[16] = 0
		for i := 17; i <= 48; i++ {
			v[i] = -X[48-i]
		}
		for i := 49; i < 64; i++ {
			v[i] = -X[i-48]
		}
		o := (*[32]float32)(out[ss*32 : ss*32+32])
		var acc [32]float32
		for i := 0; i < 8; i++ {
			a := (*[32]float32)(s.v[(s.pos+2*i)&15][0:32])
			b := (*[32]float32)(s.v[(s.pos+2*i+1)&15][32:64])
			da := (*[32]float32)(synthDtbl[64*i : 64*i+32])
			db := (*[32]float32)(synthDtbl[64*i+32 : 64*i+64])
			for j := 0; j < 32; j++ {
				acc[j] += a[j]*da[j] + b[j]*db[j]
			}
		}
		*o = acc
	}
}

// Lee's recursive even/odd split of the DCT-II, X[n] = sum_k x[k]
// cos(pi n (2k+1) / 2N), written out per size so that nothing allocates.
// The odd outputs come from a half-size DCT of the differences scaled by
// 1/(2 cos(pi (2k+1) / 2N)): X[2m+1] = Y[m] + Y[m+1].

func dct2(in, out *[2]float32) {
	out[0] = in[0] + in[1]
	out[1] = (in[0] - in[1]) * invSqrt2
}

func dct4(in, out *[4]float32) {
	tw := &dctTwiddle[3]
	var a, e, A, E [2]float32
	for k := 0; k < 2; k++ {
		u, w := in[k], in[3-k]
		a[k] = u + w
		e[k] = (u - w) * tw[k]
	}
	dct2(&a, &A)
	dct2(&e, &E)
	out[0], out[1], out[2], out[3] = A[0], E[0]+E[1], A[1], E[1]
}

func dct8(in, out *[8]float32) {
	tw := &dctTwiddle[2]
	var a, e, A, E [4]float32
	for k := 0; k < 4; k++ {
		u, w := in[k], in[7-k]
		a[k] = u + w
		e[k] = (u - w) * tw[k]
	}
	dct4(&a, &A)
	dct4(&e, &E)
	for m := 0; m < 3; m++ {
		out[2*m] = A[m]
		out[2*m+1] = E[m] + E[m+1]
	}
	out[6], out[7] = A[3], E[3]
}

func dct16(in, out *[16]float32) {
	tw := &dctTwiddle[1]
	var a, e, A, E [8]float32
	for k := 0; k < 8; k++ {
		u, w := in[k], in[15-k]
		a[k] = u + w
		e[k] = (u - w) * tw[k]
	}
	dct8(&a, &A)
	dct8(&e, &E)
	for m := 0; m < 7; m++ {
		out[2*m] = A[m]
		out[2*m+1] = E[m] + E[m+1]
	}
	out[14], out[15] = A[7], E[7]
}

func dct32(in, out *[32]float32) {
	tw := &dctTwiddle[0]
	var a, e, A, E [16]float32
	for k := 0; k < 16; k++ {
		u, w := in[k], in[31-k]
		a[k] = u + w
		e[k] = (u - w) * tw[k]
	}
	dct16(&a, &A)
	dct16(&e, &E)
	for m := 0; m < 15; m++ {
		out[2*m] = A[m]
		out[2*m+1] = E[m] + E[m+1]
	}
	out[30], out[31] = A[15], E[15]
}

// runHalf is the half-rate variant used when only the lower 16 subbands
// matter: with the upper 16 inputs zero, the even outputs of the
// filterbank need only the even V entries, which are a 16-point DCT of
// the lower inputs, and the window is evaluated for even samples only.
// The result equals the full-rate output decimated by two, and it is
// alias-free up to the top of subband 15 because the higher subbands are
// not synthesised (the approach of mpg123's 2:1 down-sampling synthesis).
func (s *synth) runHalf(in *[576]float32, out []float32, scale float32) {
	var x, X [16]float32
	out = out[:288]
	for ss := 0; ss < 18; ss++ {
		for k := 0; k < 16; k++ {
			x[k] = in[k*18+ss] * scale
		}
		dct16(&x, &X)
		s.pos = (s.pos - 1) & 15
		v := &s.v[s.pos]
		for i := 0; i < 8; i++ {
			v[i] = X[8+i]
		}
		v[8] = 0
		for i := 9; i <= 24; i++ {
			v[i] = -X[24-i]
		}
		for i := 25; i < 32; i++ {
			v[i] = -X[i-24]
		}
		var va, vb [8]*[64]float32
		for i := 0; i < 8; i++ {
			va[i] = &s.v[(s.pos+2*i)&15]
			vb[i] = &s.v[(s.pos+2*i+1)&15]
		}
		o := (*[16]float32)(out[ss*16 : ss*16+16])
		for j := 0; j < 16; j += 4 {
			var s0, s1, s2, s3 float32
			for i := 0; i < 8; i++ {
				a, b := va[i][j&15:(j&15)+4], vb[i][16+j&15:16+(j&15)+4]
				da, db := synthHalf[i][0][j&15:(j&15)+4], synthHalf[i][1][j&15:(j&15)+4]
				s0 += a[0]*da[0] + b[0]*db[0]
				s1 += a[1]*da[1] + b[1]*db[1]
				s2 += a[2]*da[2] + b[2]*db[2]
				s3 += a[3]*da[3] + b[3]*db[3]
			}
			o[j&15], o[(j+1)&15], o[(j+2)&15], o[(j+3)&15] = s0, s1, s2, s3
		}
	}
}

// synthHalf holds the even taps of the synthesis window:
// [i][0][j] = D[64i+2j], [i][1][j] = D[64i+32+2j].
var synthHalf [8][2][16]float32

func init() {
	for i := 0; i < 8; i++ {
		for j := 0; j < 16; j++ {
			synthHalf[i][0][j] = synthDtbl[64*i+2*j]
			synthHalf[i][1][j] = synthDtbl[64*i+32+2*j]
		}
	}
}
