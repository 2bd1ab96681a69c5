package mail

import (
	"embed"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/sipdesk/sipdesk/i18n"
	"github.com/sipdesk/sipdesk/safetext"
)

// Kind names one of the portal's mails. Its value is also the template file
// name (templates/<kind>.txt) and is safe to store in the outbox.
type Kind string

// The mails the portal sends.
const (
	// KindWelcome: customer care created an account; carries a
	// set-password link.
	KindWelcome Kind = "welcome"
	// KindPasswordReset: "forgot password"; carries a reset link.
	KindPasswordReset Kind = "password_reset"
	// KindPasswordChanged: the password was changed; tells the user to
	// contact customer care if it was not them.
	KindPasswordChanged Kind = "password_changed"
	// KindPasswordSet: the first password was set through the welcome
	// link; says how to log in and whom to contact if it was not them.
	KindPasswordSet Kind = "password_set"
	// KindTwoFactorEnabled: 2FA was turned on.
	KindTwoFactorEnabled Kind = "2fa_enabled"
	// KindTwoFactorDisabled: 2FA was turned off by the user.
	KindTwoFactorDisabled Kind = "2fa_disabled"
	// KindRecoveryCodeUsed: a 2FA recovery code was used to sign in.
	KindRecoveryCodeUsed Kind = "recovery_code_used"
	// KindTwoFactorReset: customer care reset the user's 2FA.
	KindTwoFactorReset Kind = "2fa_reset"
	// KindKeyAdded: an SSH key was added to the account (Detail: its
	// fingerprint).
	KindKeyAdded Kind = "ssh_key_added"
	// KindKeyRemoved: an SSH key was removed (Detail: its fingerprint).
	KindKeyRemoved Kind = "ssh_key_removed"
	// KindNewSignIn: a login from a network or with a key not seen before
	// (Detail: the source address and how).
	KindNewSignIn Kind = "new_sign_in"
)

// allKinds lists every Kind; init checks each has a template.
var allKinds = []Kind{
	KindWelcome, KindPasswordReset, KindPasswordChanged, KindPasswordSet,
	KindTwoFactorEnabled, KindTwoFactorDisabled, KindRecoveryCodeUsed, KindTwoFactorReset,
	KindKeyAdded, KindKeyRemoved, KindNewSignIn,
}

// hasLink reports whether the kind carries a reset/set-password link.
func (k Kind) hasLink() bool { return k == KindWelcome || k == KindPasswordReset }

// isSecurityNotice reports whether the mail must tell the user whom to
// contact if the change was not theirs.
func (k Kind) isSecurityNotice() bool { return !k.hasLink() }

// Data is what the templates may show. Only the fields a kind needs are
// required; Render reports a missing one instead of mailing a broken text.
type Data struct {
	// Brand is the product name shown to the user (required).
	Brand string
	// Host is the region's public SSH host name (required).
	Host string
	// Port is the public SSH port of Host (required for link mails).
	Port int
	// UserID is the account the mail is about, shown so users with several
	// accounts know which one is meant (optional).
	UserID string
	// Email is the recipient address (optional; for templates that want it).
	Email string
	// Region is the region's name, shown in the signature (optional).
	Region string
	// Token is the single-use reset/set-password token (required for link
	// mails). It is restricted to URL-unreserved characters so it can go
	// into both the ssh:// link and the shell command unquoted.
	Token string
	// ValidFor is how long the link works (required for link mails).
	ValidFor time.Duration
	// CareEmail is customer care's address (required for security notices).
	CareEmail string
	// When is when the change happened; shown in the customer's local time
	// (Zone, else the region's) if set.
	When time.Time
	// Name is the customer's name for the greeting (optional: without it
	// the mail greets without a name).
	Name string
	// Locale is the mail's language (the account's setting, else the
	// region's default: i18n.ForMail); the zero value means the region's
	// default.
	Locale i18n.Locale
	// Zone is the customer's time zone for When; nil means the region's.
	Zone *time.Location
	// Detail names what a security notice is about: a key's fingerprint,
	// or the source address and method of a sign-in (required for the key
	// and sign-in mails; never a secret).
	Detail string
}

// Link is the reset/set-password link, ssh://reset+TOKEN@HOST:PORT.
func (d Data) Link() string {
	return "ssh://reset+" + d.Token + "@" + net.JoinHostPort(d.Host, strconv.Itoa(d.Port))
}

// Command is the command line equivalent of Link, for users whose mail
// client does not open ssh:// links: ssh -p PORT reset+TOKEN@HOST.
func (d Data) Command() string {
	return "ssh -p " + strconv.Itoa(d.Port) + " reset+" + d.Token + "@" + d.Host
}

// LoginCommand is how the account logs in: ssh -p PORT USER@HOST, or ""
// without a user ID or port.
func (d Data) LoginCommand() string {
	if d.UserID == "" || d.Port == 0 {
		return ""
	}
	return "ssh -p " + strconv.Itoa(d.Port) + " " + d.UserID + "@" + d.Host
}

// locale is the mail's language: Locale if set, else the region's default.
func (d Data) locale() i18n.Locale {
	if d.Locale.Lang == "" {
		return i18n.RegionDefault(d.Region)
	}
	return d.Locale
}

// ValidForText renders ValidFor for people in the mail's language: "30
// minutes", "2 Stunden", "3 jours"; minutes unless it is a whole number of
// hours or days.
func (d Data) ValidForText() string {
	v, p := d.ValidFor, i18n.NewPrinter(d.locale())
	switch {
	case v >= 48*time.Hour && v%(24*time.Hour) == 0:
		return p.T("duration.days", int(v/(24*time.Hour)))
	case v >= 2*time.Hour && v%time.Hour == 0:
		return p.T("duration.hours", int(v/time.Hour))
	default:
		return p.T("duration.minutes", int((v+time.Minute-1)/time.Minute)) // round up: never promise less
	}
}

// SessionsPath is where the portal lists the open sessions, named as the
// portal names its page and section in the mail's language: "Mein Konto >
// Sicherheit (Taste k) > Offene Sitzungen".
func (d Data) SessionsPath() string { return d.securityPath("security.sessions_title") }

// KeysPath is where the portal lists and removes the SSH keys: "Mon
// compte > Sécurité (touche k) > Clés SSH".
func (d Data) KeysPath() string { return d.securityPath("security.keys_title") }

func (d Data) securityPath(section string) string {
	p := i18n.NewPrinter(d.locale())
	return p.T("security.menu_path", p.T("page.account"), p.T("security.title"), p.T(section))
}

func (d Data) clock() i18n.Clock {
	zone := d.Zone
	if zone == nil {
		zone = i18n.Zone("", d.Region)
	}
	return i18n.Clock{Locale: d.locale(), Zone: zone}
}

// WhenDate is the local date of When in the mail's language (4.3.2026,
// 4 Mar 2026), or "" if unset. Mails never show UTC.
func (d Data) WhenDate() string {
	if d.When.IsZero() {
		return ""
	}
	return d.clock().Date(d.When)
}

// WhenTime is the local time of day of When (05:06), or "" if unset.
func (d Data) WhenTime() string {
	if d.When.IsZero() {
		return ""
	}
	return d.clock().Time(d.When)
}

//go:embed templates/*/*.txt
var templateFS embed.FS

// templates holds one parsed set per locale and Kind (each defines
// "subject" and "body"; the shared "_" files of a language define helpers
// such as "greeting" and "signature"). German is written once in
// templates/de and turned into Swiss and Austrian usage with
// i18n.GermanFor, like the catalogue.
var templates = mustParseTemplates()

// templateLocales are the locales with mails, and the directory of each.
var templateLocales = map[i18n.Locale]string{
	i18n.DeCH: "de", i18n.DeAT: "de", i18n.FrCH: "fr", i18n.ItCH: "it", i18n.EnCH: "en",
}

func mustParseTemplates() map[i18n.Locale]map[Kind]*template.Template {
	out := map[i18n.Locale]map[Kind]*template.Template{}
	for loc, dir := range templateLocales {
		read := func(name string) string {
			b, err := templateFS.ReadFile("templates/" + dir + "/" + name)
			if err != nil {
				panic(fmt.Sprintf("mail: %s: %v", loc, err))
			}
			if loc.Lang == i18n.German {
				return i18n.GermanFor(loc.Region, string(b))
			}
			return string(b)
		}
		shared := template.Must(template.New("").Option("missingkey=error").Parse(read("_common.txt")))
		m := make(map[Kind]*template.Template, len(allKinds))
		for _, k := range allKinds {
			t := template.Must(template.Must(shared.Clone()).Parse(read(string(k) + ".txt")))
			for _, name := range []string{"subject", "body"} {
				if t.Lookup(name) == nil {
					panic(fmt.Sprintf("mail: template %s/%s.txt does not define %q", dir, k, name))
				}
			}
			m[k] = t
		}
		out[loc] = m
	}
	return out
}

// Render produces the subject and plain-text body of a mail of the given
// kind in d's language (d.Locale, else the region's default). It fails,
// rather than send a mail with a gap in it, if d lacks a field the kind
// needs or a field holds characters that could break the link or the
// headers.
func Render(kind Kind, d Data) (subject, body string, err error) {
	t, ok := templates[d.locale().Texts()][kind]
	if !ok {
		return "", "", fmt.Errorf("mail: unknown mail kind %q", kind)
	}
	if err := d.validate(kind); err != nil {
		return "", "", fmt.Errorf("mail: render %s: %w", kind, err)
	}
	var sb, bb strings.Builder
	if err := t.ExecuteTemplate(&sb, "subject", d); err != nil {
		return "", "", fmt.Errorf("mail: render %s subject: %w", kind, err)
	}
	if err := t.ExecuteTemplate(&bb, "body", d); err != nil {
		return "", "", fmt.Errorf("mail: render %s body: %w", kind, err)
	}
	subject = strings.TrimSpace(sb.String())
	if strings.ContainsAny(subject, "\r\n") {
		return "", "", fmt.Errorf("mail: render %s: subject spans several lines", kind)
	}
	return subject, strings.TrimSpace(bb.String()) + "\n", nil
}

func (d Data) validate(kind Kind) error {
	var errs []error
	need := func(name, v string) {
		if strings.TrimSpace(v) == "" {
			errs = append(errs, fmt.Errorf("missing %s", name))
		}
	}
	need("Brand", d.Brand)
	need("Host", d.Host)
	// Anything shown inline must be single-line text: Brand goes into the
	// Subject header, and a line break elsewhere could forge text.
	for _, f := range []struct{ name, v string }{
		{"Brand", d.Brand}, {"UserID", d.UserID}, {"Email", d.Email},
		{"Region", d.Region}, {"CareEmail", d.CareEmail}, {"Name", d.Name}, {"Detail", d.Detail},
	} {
		if strings.ContainsFunc(f.v, isControl) {
			errs = append(errs, fmt.Errorf("invalid %s: contains control characters", f.name))
		}
	}
	if d.Host != "" && !validHost(d.Host) {
		errs = append(errs, errors.New("invalid Host: not a host name or IP address"))
	}
	if kind.hasLink() {
		if d.Port < 1 || d.Port > 65535 {
			errs = append(errs, fmt.Errorf("invalid Port %d", d.Port))
		}
		if d.Token == "" {
			errs = append(errs, errors.New("missing Token"))
		} else if !validToken(d.Token) {
			errs = append(errs, errors.New("invalid Token: allowed are A-Z a-z 0-9 - . _ ~"))
		}
		if d.ValidFor <= 0 {
			errs = append(errs, errors.New("missing ValidFor"))
		}
	}
	if kind.isSecurityNotice() {
		need("CareEmail", d.CareEmail)
	}
	if kind == KindKeyAdded || kind == KindKeyRemoved || kind == KindNewSignIn {
		need("Detail", d.Detail)
	}
	return errors.Join(errs...)
}

// isControl is the project's one rule for user-controlled text: C0, DEL,
// C1 and bidi controls never go into a mail (package safetext).
func isControl(r rune) bool { return safetext.Unsafe(r) }

// validToken allows RFC 3986 unreserved characters only: safe unescaped in
// the userinfo of a URL and unquoted in a shell command.
func validToken(s string) bool {
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9',
			r == '-', r == '.', r == '_', r == '~':
		default:
			return false
		}
	}
	return true
}

// validHost accepts DNS names and IP literals, nothing a shell or URL
// would interpret.
func validHost(s string) bool {
	if net.ParseIP(s) != nil {
		return true
	}
	if len(s) > 253 {
		return false
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '.':
		default:
			return false
		}
	}
	return !strings.HasPrefix(s, "-") && !strings.HasPrefix(s, ".")
}
