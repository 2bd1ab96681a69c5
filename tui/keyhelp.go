package tui

import "github.com/charmbracelet/bubbles/key"

// Key bindings are declared once, with English help, where their page
// matches them (package-level maps the tests share). The footer and the ?
// overlay show them in the session's language: keyTexts names the
// catalogue text of each English description, and localKeys swaps it in
// just before drawing, so no page keeps a binding per language.
var keyTexts = map[string]string{
	"search":                 "key.search",
	"last":                   "key.last",
	"first":                  "key.first",
	"larger/smaller QR code": "key.larger_qr",
	"copy password":          "key.copy_password",
	"copy the key":           "key.copy_key",
	"deactivate 2FA":         "key.deactivate_2fa",
	"default piece":          "key.default_piece",
	"bottom":                 "key.bottom",
	"top":                    "key.top",
	"I saved them":           "key.saved_them",
	"confirm":                "key.confirm",
	"open number":            "key.open_number",
	"type the code":          "key.type_code",
	"back":                   "key.back",
	"cancel":                 "key.cancel",
	"clear search":           "key.clear_search",
	"new recovery codes":     "key.new_recovery_codes",
	"new password":           "key.new_password",
	"keep":                   "key.keep",
	"change password":        "key.change_password",
	"more":                   "key.more",
	"page down":              "key.page_down",
	"page up":                "key.page_up",
	"scroll up":              "key.scroll_up",
	"hide password":          "key.hide_password",
	"refresh":                "key.refresh",
	"reveal password":        "key.reveal_password",
	"set up 2FA":             "key.setup_2fa",
	"previous field":         "key.previous_field",
	"next field":             "key.next_field",
	"revert":                 "key.revert",
	"up":                     "key.up",
	"down":                   "key.down",
	"select":                 "key.select",
	"save":                   "key.save",
	"send":                   "key.send",
	"language":               "key.language",
	"time zone":              "key.timezone",
	"turn 2FA off":           "key.deactivate_2fa",
	"make new codes":         "key.make_codes",
	"activate":               "key.activate",
	"keys & sessions":        "key.security",
	"add key":                "security.help_add",
	"remove key":             "security.help_remove",
	"end all other sessions": "security.help_end_others",
	"device set-up":          "device.key_open",
	"show set-up":            "device.key_choose",
}

// localKeys is keys with their help in the session's language.
func localKeys(c Common, keys []key.Binding) []key.Binding {
	out := make([]key.Binding, len(keys))
	for i, k := range keys {
		out[i] = k
		h := k.Help()
		if id, ok := keyTexts[h.Desc]; ok {
			out[i].SetHelp(h.Key, c.T(id))
		}
	}
	return out
}

// localGroups is localKeys for the columns of the ? overlay.
func localGroups(c Common, groups [][]key.Binding) [][]key.Binding {
	out := make([][]key.Binding, len(groups))
	for i, g := range groups {
		out[i] = localKeys(c, g)
	}
	return out
}
