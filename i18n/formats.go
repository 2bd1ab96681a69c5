package i18n

// Formats is every catalogue text of l as written (printf formats, the
// "other" form of counted ones), by key: for tests that look for one
// language's words on another language's screen.
func Formats(l Locale) map[string]string {
	out := map[string]string{}
	for _, t := range tables() {
		for _, m := range t {
			out[m.key] = textsOf(m)[l]
		}
	}
	for _, t := range pluralTables() {
		for _, m := range t {
			out[m.key] = pluralTextsOf(m)[l][1]
		}
	}
	return out
}
