// Package devices turns a number's SIP credentials into what a device
// needs: the fields of a FRITZ!Box, Linphone or MicroSIP with the labels
// those show, a provisioning file for Yealink and Snom desk phones, and
// config stanzas for Asterisk PJSIP, FreeSWITCH and baresip. Every output
// is a text/template in templates/, so the whole set is read in one place.
//
// It knows nothing of the store or of accounts: portal fills an Account.
package devices

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"text/template"
	"unicode"
)

// Server is one SIP server from the card.
type Server struct {
	Host      string
	Port      int
	Transport string // udp, tcp or tls
}

// Account is what every device output is made from.
type Account struct {
	Number    string // E.164, e.g. +41441234567
	Formatted string // as the customer reads it
	Label     string
	Username  string
	Password  string
	// Reveal puts the VoIP password into the output; otherwise a
	// placeholder stands there and the output says how to get it.
	Reveal bool
	// Domain is the SIP domain and digest realm of the account's region.
	Domain string
	// Servers are the card's SIP servers; devices register with the
	// first and name the second as the fallback where they support one.
	Servers []Server
	// Trunk is a SIP trunk's main number (its participants call through it).
	Trunk bool
	// Language is the customer's: de, fr, it or en. A device whose own
	// screens are localised (FRITZ!Box, Linphone, MicroSIP) gets its
	// labels in that language; config files keep the device's syntax.
	Language string
}

// Device is one kind of device the card can configure.
type Device struct {
	Name string // for --device
	// Model is the device by its own name, the same in every language.
	Model string
	// What says what the output is, in English ("provisioning .cfg");
	// faces show it in the customer's language (the catalogue's
	// device.what.NAME). Empty: Model says it all.
	What string
	// File is true for a provisioning file or config stanza (saved as
	// is), false for fields typed into the device's own screens.
	File bool
	// Fallback is true when the device takes a second SIP server that it
	// uses only when the first fails (Yealink: a second outbound proxy,
	// when both servers have one transport; the others name it in a note).
	Fallback bool
}

// All is every device, in the order the chooser lists them.
var All = []Device{
	{Name: "fritzbox", Model: "AVM FRITZ!Box (FRITZ!OS 7.5x/8.x)"},
	{Name: "yealink", Model: "Yealink T4x/T5x", What: "provisioning .cfg", File: true, Fallback: true},
	{Name: "snom", Model: "Snom D7xx", What: "provisioning XML", File: true},
	{Name: "pjsip", Model: "Asterisk PJSIP (pjsip.conf)", File: true},
	{Name: "freeswitch", Model: "FreeSWITCH", What: "gateway XML", File: true},
	{Name: "baresip", Model: "baresip", What: "accounts line", File: true},
	{Name: "linphone", Model: "Linphone", What: "fields"},
	{Name: "microsip", Model: "MicroSIP", What: "fields"},
}

// Title is the device in English, "Yealink T4x/T5x (provisioning .cfg)";
// portal.Voice.DeviceTitle is the same in the customer's language.
func (d Device) Title() string {
	if d.What == "" {
		return d.Model
	}
	return d.Model + " (" + d.What + ")"
}

// ErrUnknownDevice is an unknown --device name.
var ErrUnknownDevice = errors.New("unknown device")

// ErrNoServer: the account has no SIP server to register with, so there
// is nothing to set a device up for (a region configured without one).
var ErrNoServer = errors.New("no SIP server is configured for this region; ask customer care")

// Find returns the device called name (case-insensitive).
func Find(name string) (Device, error) {
	for _, d := range All {
		if strings.EqualFold(d.Name, strings.TrimSpace(name)) {
			return d, nil
		}
	}
	return Device{}, fmt.Errorf("%w %q: choose one of %s", ErrUnknownDevice, name, Names())
}

// Names lists the device names for messages and help.
func Names() string {
	names := make([]string, len(All))
	for i, d := range All {
		names[i] = d.Name
	}
	return strings.Join(names, ", ")
}

// HiddenPassword stands in for the VoIP password without Reveal.
const HiddenPassword = "HIDDEN-add---reveal"

//go:embed templates/*.tmpl
var files embed.FS

var templates = template.Must(template.New("").Funcs(template.FuncMap{
	"xml": xmlEscape,
	// Inside an XML comment "--" is not allowed, and host names can hold
	// it (punycode: xn--...): it is written with a space between.
	"xmlComment": func(s string) string { return strings.ReplaceAll(xmlEscape(s), "--", "- -") },
	"line":       oneLine,
	"upper":      strings.ToUpper,
	// Asterisk reads ";" as a comment: the loose-routing parameter of
	// an outbound proxy is escaped as its documentation shows.
	"pjsipProxy": func(s Server) string { return "sip:" + s.HostPort() + `\;lr` },
	// Yealink's transport_type: 0 UDP, 1 TCP, 2 TLS.
	"yealinkTransport": func(t string) int {
		switch t {
		case "tcp":
			return 1
		case "tls":
			return 2
		}
		return 0
	},
}).ParseFS(files, "templates/*.tmpl"))

// Render writes the device's output for the account.
func Render(w io.Writer, d Device, a Account) error {
	if len(a.Servers) == 0 {
		return ErrNoServer
	}
	v := view{Account: a, Device: d, Primary: a.Servers[0], Pass: a.Password}
	if len(a.Servers) > 1 {
		v.Second = &a.Servers[1]
	}
	if !a.Reveal {
		v.Pass = HiddenPassword
	}
	// Rendered whole before writing, so a failure never leaves half a
	// provisioning file on the customer's side.
	var b bytes.Buffer
	if err := templates.ExecuteTemplate(&b, templateFor(d, a.Language), v); err != nil {
		return fmt.Errorf("device %s: %w", d.Name, err)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// templateFor is the device's template in the language (name.LANG.tmpl)
// where it has one, else its default (name.tmpl: German for the
// FRITZ!Box, whose home language it is, English for the others).
func templateFor(d Device, lang string) string {
	if lang != "" {
		if t := d.Name + "." + strings.ToLower(lang) + ".tmpl"; templates.Lookup(t) != nil {
			return t
		}
	}
	return d.Name + ".tmpl"
}

// Localised reports whether the device's output follows the customer's
// language.
func Localised(d Device) bool {
	for _, lang := range []string{"de", "fr", "it", "en"} {
		if templateFor(d, lang) != d.Name+".tmpl" {
			return true
		}
	}
	return false
}

// view is what a template sees.
type view struct {
	Account
	Device  Device
	Primary Server
	Second  *Server // the fallback, when the card has two servers
	Pass    string  // the password or HiddenPassword
}

// HostPort is host:port of a server, an IPv6 address in brackets
// ([2001:db8::10]:5060) as in a SIP URI; a field that takes the address
// and the port apart (Yealink's, PJSIP's identify) gets Host as it is.
func (s Server) HostPort() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// URI is the server's SIP URI with its transport.
func (s Server) URI() string { return fmt.Sprintf("sip:%s;transport=%s", s.HostPort(), s.Transport) }

// FallbackTransport is the fallback's transport (TCP) when it differs
// from the first server's, else "". A device with one transport per
// account cannot be given both: its note names the transport to switch
// to along with the server.
func (v view) FallbackTransport() string {
	if v.Second == nil || strings.EqualFold(v.Second.Transport, v.Primary.Transport) {
		return ""
	}
	return strings.ToUpper(v.Second.Transport)
}

// Name is the section or gateway name for the account's configuration.
func (v view) Name() string { return "sipdesk-" + v.Username }

// oneLine keeps a label on one line and free of control characters, so it
// cannot break a config file's syntax.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '"' || r == ';' || r == '#' {
			return -1
		}
		return r
	}, s)
}

func xmlEscape(s string) string {
	var b strings.Builder
	for _, r := range oneLine(s) {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\'':
			b.WriteString("&apos;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
