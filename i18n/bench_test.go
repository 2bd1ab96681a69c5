package i18n

import "testing"

// A page renders dozens of texts per frame; this is the cost of one.
func BenchmarkT(b *testing.B) {
	p := NewPrinter(DeCH)
	b.ReportAllocs()
	for b.Loop() {
		_ = p.T("numbers.count", 25)
	}
}

func BenchmarkTPlain(b *testing.B) {
	p := NewPrinter(FrCH)
	b.ReportAllocs()
	for b.Loop() {
		_ = p.T("key.next_page")
	}
}

func BenchmarkChoose(b *testing.B) {
	env := []string{"TERM=xterm-256color", "LANG=de_CH.UTF-8", "LC_MESSAGES=fr_CH.UTF-8"}
	b.ReportAllocs()
	for b.Loop() {
		_ = Choose("", env, "CH")
	}
}
