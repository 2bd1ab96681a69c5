package cmdkit

import "github.com/spf13/pflag"

// TextVar defines a string flag whose help shows placeholder (NAME,
// ZEITRAUM) where pflag shows the type ("--since string"), so a flag reads
// in the session's language like the rest of the help. Its default is
// empty: pflag would write a default in English ("(default \\"30d\\")"), so
// usage says it in its own words.
func TextVar(fs *pflag.FlagSet, p *string, name, placeholder, usage string) {
	fs.Var(&textValue{p: p, placeholder: placeholder}, name, usage)
}

// textValue is a string flag named by its placeholder.
type textValue struct {
	p           *string
	placeholder string
}

func (v *textValue) String() string     { return *v.p }
func (v *textValue) Set(s string) error { *v.p = s; return nil }
func (v *textValue) Type() string       { return v.placeholder }
