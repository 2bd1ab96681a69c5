package safetext

import "log/slog"

// LogAttr is a slog.HandlerOptions.ReplaceAttr that escapes unsafe
// characters in every string and error value (and the message), so a
// user name, a client's error text or a file name cannot write escape
// sequences into the terminal of whoever tails the log. The JSON handler
// escapes C0 itself but passes C1 and bidi characters through.
func LogAttr(_ []string, a slog.Attr) slog.Attr {
	a.Key = Escape(a.Key)
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		if s := v.String(); Has(s) {
			a.Value = slog.StringValue(Escape(s))
		}
	case slog.KindAny:
		if err, ok := v.Any().(error); ok && Has(err.Error()) {
			a.Value = slog.StringValue(Escape(err.Error()))
		}
	}
	return a
}
