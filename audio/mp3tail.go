package audio

// Junk after the last frame sometimes starts like a frame header: 300
// random bytes begin with ff fb often enough, and the "frame" they claim
// fits before the end of the file. Players decode it, fail or hear a
// blip, and stop there. Such a frame is the last one and nothing follows
// it that a real frame is followed by (the next header, a tag, the end
// of the file); it is dropped when it fails to decode or when it is one
// frame more than the Xing/Info header counts. Junk in the middle is not
// affected: there the stream resumes after it, which chain refuses.

// junkTail reports whether frame n, which failed to decode, is such a
// trailing frame.
func (m *mp3File) junkTail(n int) bool {
	return m.tailOpen && n == m.frames-1
}

// dropLast ends the audio before the last frame. The frames before it
// followed each other up to it, so following them again cannot fail.
func (m *mp3File) dropLast() {
	m.vbr = m.want.vbr
	_ = m.chain(m.lastStart)
}
