// Copyright 2026 The sipdesk authors. Licensed under the Apache License,
// Version 2.0; see LICENSE in this directory.

package mpa

import "math"

// bandTable holds scale factor band edges: long (22 bands + end) and short
// (13 bands + end, in lines per window).
type bandTable struct {
	long  [23]int
	short [14]int
}

// bands is indexed by rateIndex: 44.1, 48, 32 kHz (MPEG-1), 22.05, 24,
// 16 kHz (MPEG-2), 11.025, 12, 8 kHz (MPEG-2.5). The MPEG-2.5 rows follow
// the de-facto standard of the Fraunhofer extension as used by mpg123.
var bands = [9]bandTable{
	{[23]int{0, 4, 8, 12, 16, 20, 24, 30, 36, 44, 52, 62, 74, 90, 110, 134, 162, 196, 238, 288, 342, 418, 576},
		[14]int{0, 4, 8, 12, 16, 22, 30, 40, 52, 66, 84, 106, 136, 192}},
	{[23]int{0, 4, 8, 12, 16, 20, 24, 30, 36, 42, 50, 60, 72, 88, 106, 128, 156, 190, 230, 276, 330, 384, 576},
		[14]int{0, 4, 8, 12, 16, 22, 28, 38, 50, 64, 80, 100, 126, 192}},
	{[23]int{0, 4, 8, 12, 16, 20, 24, 30, 36, 44, 54, 66, 82, 102, 126, 156, 194, 240, 296, 364, 448, 550, 576},
		[14]int{0, 4, 8, 12, 16, 22, 30, 42, 58, 78, 104, 138, 180, 192}},
	{[23]int{0, 6, 12, 18, 24, 30, 36, 44, 54, 66, 80, 96, 116, 140, 168, 200, 238, 284, 336, 396, 464, 522, 576},
		[14]int{0, 4, 8, 12, 18, 24, 32, 42, 56, 74, 100, 132, 174, 192}},
	{[23]int{0, 6, 12, 18, 24, 30, 36, 44, 54, 66, 80, 96, 114, 136, 162, 194, 232, 278, 332, 394, 464, 540, 576},
		[14]int{0, 4, 8, 12, 18, 26, 36, 48, 62, 80, 104, 136, 180, 192}},
	{[23]int{0, 6, 12, 18, 24, 30, 36, 44, 54, 66, 80, 96, 116, 140, 168, 200, 238, 284, 336, 396, 464, 522, 576},
		[14]int{0, 4, 8, 12, 18, 26, 36, 48, 62, 80, 104, 134, 174, 192}},
	{[23]int{0, 6, 12, 18, 24, 30, 36, 44, 54, 66, 80, 96, 116, 140, 168, 200, 238, 284, 336, 396, 464, 522, 576},
		[14]int{0, 4, 8, 12, 18, 26, 36, 48, 62, 80, 104, 134, 174, 192}},
	{[23]int{0, 6, 12, 18, 24, 30, 36, 44, 54, 66, 80, 96, 116, 140, 168, 200, 238, 284, 336, 396, 464, 522, 576},
		[14]int{0, 4, 8, 12, 18, 26, 36, 48, 62, 80, 104, 134, 174, 192}},
	{[23]int{0, 12, 24, 36, 48, 60, 72, 88, 108, 132, 160, 192, 232, 280, 336, 400, 476, 566, 568, 570, 572, 574, 576},
		[14]int{0, 8, 16, 24, 36, 52, 72, 96, 124, 160, 162, 164, 166, 192}},
}

func rateIndex(h Header) int {
	base := 0
	switch h.Version {
	case MPEG2:
		base = 3
	case MPEG25:
		base = 6
	}
	for i, r := range sampleRates[base/3] {
		if r == h.SampleRate {
			return base + i
		}
	}
	return base
}

var pretab = [22]int{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 3, 3, 2, 0}

var slenMPEG1 = [16][2]uint{
	{0, 0}, {0, 1}, {0, 2}, {0, 3}, {3, 0}, {1, 1}, {1, 2}, {1, 3},
	{2, 1}, {2, 2}, {2, 3}, {3, 1}, {3, 2}, {3, 3}, {4, 2}, {4, 3},
}

// nrOfSfb is ISO/IEC 13818-3 table B.1: how many scale factors each of
// the four slen groups covers, by [block kind][table][group].
var nrOfSfb = [3][6][4]int{
	{{6, 5, 5, 5}, {6, 5, 7, 3}, {11, 10, 0, 0}, {7, 7, 7, 0}, {6, 6, 6, 3}, {8, 8, 5, 0}},
	{{9, 9, 9, 9}, {9, 9, 12, 6}, {18, 18, 0, 0}, {12, 12, 12, 0}, {12, 9, 9, 6}, {15, 12, 9, 0}},
	{{6, 9, 9, 9}, {6, 9, 12, 6}, {15, 18, 0, 0}, {6, 15, 12, 0}, {6, 12, 9, 6}, {6, 18, 9, 0}},
}

// pow43 is |i|^(4/3) for every quantised value a Huffman table can give.
var pow43 [8207]float32

// gainFrac is 2^(i/4) for i = 0..3.
var gainFrac [4]float64

// antialias butterfly coefficients (ISO/IEC 11172-3 table B.9).
var aaCS, aaCA [8]float32

// imdct windows for block types 0, 1, 3 (36 taps) and 2 (12 taps).
var imdctWin [4][36]float32

// short IMDCT: 6 inputs to 12 windowed outputs.
var imdct12 [12][6]float32

// dct32 twiddles: for each recursion size n (32, 16, 8, 4, 2) the
// factors 1/(2 cos(pi (2k+1) / (2n))).
var dctTwiddle [6][16]float32

// Intensity stereo ratios for MPEG-1: tan(is_pos * pi/12).
var isRatioL, isRatioR [7]float32

func init() {
	for i := range pow43 {
		pow43[i] = float32(math.Pow(float64(i), 4.0/3.0))
	}
	for i := range gainFrac {
		gainFrac[i] = math.Pow(2, float64(i)/4)
	}
	ci := [8]float64{-0.6, -0.535, -0.33, -0.185, -0.095, -0.041, -0.0142, -0.0037}
	for i, c := range ci {
		sq := math.Sqrt(1 + c*c)
		aaCS[i] = float32(1 / sq)
		aaCA[i] = float32(c / sq)
	}
	for i := 0; i < 36; i++ {
		imdctWin[0][i] = float32(math.Sin(math.Pi / 36 * (float64(i) + 0.5)))
	}
	for i := 0; i < 18; i++ {
		imdctWin[1][i] = imdctWin[0][i]
	}
	for i := 18; i < 24; i++ {
		imdctWin[1][i] = 1
	}
	for i := 24; i < 30; i++ {
		imdctWin[1][i] = float32(math.Sin(math.Pi / 12 * (float64(i) + 0.5 - 18)))
	}
	for i := 6; i < 12; i++ {
		imdctWin[3][i] = float32(math.Sin(math.Pi / 12 * (float64(i) + 0.5 - 6)))
	}
	for i := 12; i < 18; i++ {
		imdctWin[3][i] = 1
	}
	for i := 18; i < 36; i++ {
		imdctWin[3][i] = imdctWin[0][i]
	}
	for i := 0; i < 12; i++ {
		imdctWin[2][i] = float32(math.Sin(math.Pi / 12 * (float64(i) + 0.5)))
	}
	for p := 0; p < 12; p++ {
		for m := 0; m < 6; m++ {
			imdct12[p][m] = float32(math.Cos(math.Pi/24*float64(2*p+1+6)*float64(2*m+1))) * imdctWin[2][p]
		}
	}
	for lv, n := 0, 32; n >= 2; lv, n = lv+1, n/2 {
		for k := 0; k < n/2; k++ {
			dctTwiddle[lv][k] = float32(1 / (2 * math.Cos(math.Pi*float64(2*k+1)/float64(2*n))))
		}
	}
	for i := 0; i < 7; i++ {
		if i == 6 {
			isRatioL[i], isRatioR[i] = 1, 0
			continue
		}
		t := math.Tan(float64(i) * math.Pi / 12)
		isRatioL[i] = float32(t / (1 + t))
		isRatioR[i] = float32(1 / (1 + t))
	}
}
