// Package config holds every setting of `sipdesk serve`: flags, environment
// variables and the YAML file, with one precedence, and the listeners they
// describe.
package config

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"
	_ "time/tzdata" // --kamailio-time-zone loads in a bare container too

	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"
)

// Config is every setting of `sipdesk serve`. Each field is a flag; the
// same setting comes from the environment as SIPDESK_<FLAG_NAME> (upper
// case, dashes as underscores) or from the YAML config file under the flag's
// name. Precedence: flag, environment, config file, default.
type Config struct {
	ConfigFile  string
	DataDir     string
	DatabaseURL string
	ServerKey   string
	HostKeyDir  string

	Listen      []string // REGION=ADDRESS, e.g. ch=127.0.0.1:2222
	PublicHosts []string // REGION=HOST[:PORT] used in texts and mails
	Brand       string
	CareEmails  []string // ADDRESS or REGION=ADDRESS, repeatable (portal.ParseCareEmails)
	SIPServers  []string // REGION=HOST:PORT/TRANSPORT, repeatable
	SIPRealms   []string // REGION=DOMAIN, the digest realm of a region's accounts
	TeamsGuide  string
	SeedDemo    bool

	// KamailioDatabaseURL is the SIP registrar's Postgres database; it
	// carries a password, so it is never logged.
	KamailioDatabaseURL string
	// KamailioTimeZone is the zone Kamailio runs in, in which it writes
	// location.expires (a timestamp without zone): an IANA name, or
	// Local for this process's zone (KamailioZone).
	KamailioTimeZone string
	MohDir           string
	MohReloadCmd     string

	LoginGraceTime     time.Duration
	MaxAuthTries       int
	MaxUnauthPerSource int
	IdleTimeout        time.Duration
	MaxSessionTime     time.Duration
	ShutdownTimeout    time.Duration
	StoreTimeout       time.Duration
	FPS                int

	LockThreshold   int
	LockBase        time.Duration
	LockMax         time.Duration
	SourceThreshold int
	HashWorkers     int
	HashQueue       int
	// HashProcesses runs the argon2id hashes in child processes at a
	// lower priority (package hashproc) instead of in the server.
	HashProcesses bool

	InitialAdmin     string
	InitialAdminKeys []string

	ResetLinkValidity   time.Duration
	WelcomeLinkValidity time.Duration
	MailFrom            string
	SMTPHost            string
	SMTPPort            int
	SMTPSecurity        string
	SMTPUser            string
	SMTPPassword        string

	LogLevel  string
	LogFormat string

	// ReplicaName names this replica among those sharing the store; its
	// claims (uploads, mails, provisioning) are tied to it. Empty: the
	// host name and the listen addresses.
	ReplicaName string

	// MetricsListen is the address of the Prometheus and health listener
	// (/metrics, /healthz, /readyz); empty leaves it off.
	MetricsListen string
}

// Bind registers every setting as a flag on fs, with its default.
func (c *Config) Bind(fs *pflag.FlagSet) {
	fs.StringVar(&c.ConfigFile, "config", "", "optional YAML config file (keys are the flag names)")
	fs.StringVar(&c.DataDir, "data-dir", "./data", "directory for the embedded database, host keys, server key and mail files")
	fs.StringVar(&c.DatabaseURL, "database-url", "", "postgres://user:pass@host/db?sslmode=disable for Postgres; sqlite:PATH or a plain path for SQLite; empty: embedded SQLite in the data directory")
	fs.StringVar(&c.ServerKey, "server-key", "", "base64 32-byte key that encrypts secrets at rest; empty: <data-dir>/server.key, generated only while the database holds no encrypted data (a start with another key, or without the file beside encrypted data, is refused)")
	fs.StringVar(&c.HostKeyDir, "host-key-dir", "", "directory of the SSH host key; empty: <data-dir>/hostkeys")
	fs.StringSliceVar(&c.Listen, "listen", []string{"ch=127.0.0.1:2222"}, "REGION=ADDRESS to listen on, one per portal (ch or at); repeatable")
	fs.StringSliceVar(&c.PublicHosts, "public-host", nil, "REGION=HOST[:PORT] that customers connect to, used in texts and mails; default: the listen address")
	fs.StringVar(&c.Brand, "brand", "sipdesk", "brand shown in the portal header, as TOTP issuer and in mails")
	fs.StringSliceVar(&c.CareEmails, "care-email", []string{"customercare@example.ch"}, "customer care's address in hints and mails: ADDRESS for every region, or REGION=ADDRESS (ch or at); repeatable")
	fs.StringSliceVar(&c.SIPServers, "sip-server", []string{"ch=sip.example.ch:5060/udp", "at=sip.example.at:5060/udp"}, "REGION=HOST:PORT/TRANSPORT SIP server shown on the SIP-Credentials card (IPv6 in brackets: ch=[2001:db8::10]:5060/udp); a region not given keeps its default; repeatable")
	fs.StringSliceVar(&c.SIPRealms, "sip-realm", []string{"ch=sip.example.ch", "at=sip.example.at"}, "REGION=DOMAIN: the digest realm and SIP domain of a region's accounts at the registrar; repeatable")
	fs.StringVar(&c.KamailioDatabaseURL, "kamailio-database-url", "", "Kamailio's Postgres database (subscriber, location): provisions SIP credentials and shows live registrations; empty: neither")
	fs.StringVar(&c.KamailioTimeZone, "kamailio-time-zone", "Local", "time zone Kamailio runs in, in which it writes registration expiries: an IANA name such as UTC or Europe/Zurich; Local: this process's zone")
	fs.StringVar(&c.MohDir, "moh-dir", "", "export directory for hold and queue music (Asterisk musiconhold, mode=files); empty: no export")
	fs.StringVar(&c.MohReloadCmd, "moh-reload-cmd", "", "command run through /bin/sh after the exported music changed, e.g. asterisk -rx \"moh reload\"")
	fs.StringVar(&c.TeamsGuide, "teams-guide", "https://example.ch/help/microsoft-teams", "guide for Microsoft Teams numbers")
	fs.BoolVar(&c.SeedDemo, "seed-demo", true, "create a demo customer when the store is new and empty")
	fs.DurationVar(&c.LoginGraceTime, "login-grace-time", 60*time.Second, "close a connection that has not authenticated within this time")
	fs.IntVar(&c.MaxAuthTries, "max-auth-tries", 6, "authentication attempts allowed per connection")
	fs.IntVar(&c.MaxUnauthPerSource, "max-unauth-per-source", 10, "unauthenticated connections allowed at once from one address")
	fs.DurationVar(&c.IdleTimeout, "idle-timeout", 30*time.Minute, "close a session without input from the client for this long, telling it why (0: never)")
	fs.DurationVar(&c.MaxSessionTime, "max-session-time", 12*time.Hour, "close any connection after this long (0: never)")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", 30*time.Second, "on SIGINT/SIGTERM, how long open sessions may take to end")
	fs.DurationVar(&c.StoreTimeout, "store-timeout", 5*time.Second, "longest wait for the database on any call (connect, and each read or write); a stuck store fails the call instead of hanging it")
	fs.IntVar(&c.FPS, "fps", 30, "TUI frame rate limit; the renderer only wakes when a screen changes")
	fs.IntVar(&c.LockThreshold, "lock-threshold", 5, "consecutive failed logins of one account before it is locked for a while")
	fs.DurationVar(&c.LockBase, "lock-base", time.Minute, "first lock window; it doubles with every further failure")
	fs.DurationVar(&c.LockMax, "lock-max", time.Hour, "longest lock window")
	fs.IntVar(&c.SourceThreshold, "source-lock-threshold", 30, "consecutive failed logins from one address before it is locked for a while")
	fs.IntVar(&c.HashWorkers, "hash-workers", runtime.GOMAXPROCS(0), "password hashes computed at once (each takes 19 MiB)")
	fs.IntVar(&c.HashQueue, "hash-queue", 64, "logins that may wait for a hashing worker before new ones are refused")
	fs.BoolVar(&c.HashProcesses, "hash-processes", true, "compute password hashes in --hash-workers child processes at nice 19, so a login flood does not slow live sessions; false: in the server process")
	fs.StringVar(&c.InitialAdmin, "initial-admin", "admin", "user ID of the customer-care admin account that --initial-admin-keys belong to")
	fs.StringSliceVar(&c.InitialAdminKeys, "initial-admin-keys", nil, "SSH public keys (authorized_keys lines or files of them) registered to the initial admin at start")
	fs.DurationVar(&c.ResetLinkValidity, "reset-link-validity", 30*time.Minute, "how long a forgot-password link works")
	fs.DurationVar(&c.WelcomeLinkValidity, "welcome-link-validity", 7*24*time.Hour, "how long a new account's set-password link works")
	fs.StringVar(&c.MailFrom, "mail-from", "sipdesk <noreply@example.ch>", "sender of the portal's mails")
	fs.StringVar(&c.SMTPHost, "smtp-host", "", "SMTP relay; empty: mails are written as .eml files to <data-dir>/mail")
	fs.IntVar(&c.SMTPPort, "smtp-port", 0, "SMTP port; 0: 587 for starttls, 465 for tls, 25 for none")
	fs.StringVar(&c.SMTPSecurity, "smtp-security", "starttls", "starttls, tls (implicit) or none")
	fs.StringVar(&c.SMTPUser, "smtp-user", "", "SMTP user name (with --smtp-password)")
	fs.StringVar(&c.SMTPPassword, "smtp-password", "", "SMTP password; prefer SIPDESK_SMTP_PASSWORD or the config file to a flag")
	fs.StringVar(&c.LogLevel, "log-level", "info", "debug, info, warn or error")
	fs.StringVar(&c.LogFormat, "log-format", "text", "text or json")
	fs.StringVar(&c.ReplicaName, "replica-name", "", "this replica's name among those sharing the database, the same across its restarts (a restarted replica retakes its claims at once); empty: the host name and the listen addresses")
	fs.StringVar(&c.MetricsListen, "metrics-listen", "", "address of the /metrics, /healthz and /readyz HTTP listener, e.g. 127.0.0.1:9100; empty: off")
}

// EnvName is the environment variable of a flag.
func EnvName(flag string) string {
	return "SIPDESK_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// Resolve fills every flag not given on the command line from the
// environment, then from the config file.
func (c *Config) Resolve(fs *pflag.FlagSet, environ func(string) (string, bool)) error {
	if !fs.Changed("config") {
		if v, ok := environ(EnvName("config")); ok {
			c.ConfigFile = v
		}
	}
	file := map[string]any{}
	if c.ConfigFile != "" {
		data, err := os.ReadFile(c.ConfigFile)
		if err != nil {
			return fmt.Errorf("read config file: %w", err)
		}
		if err := yaml.Unmarshal(data, &file); err != nil {
			return fmt.Errorf("parse config file %s: %w", c.ConfigFile, err)
		}
		var unknown []string
		for k := range file {
			if fs.Lookup(k) == nil || k == "config" {
				unknown = append(unknown, k)
			}
		}
		if len(unknown) > 0 {
			sort.Strings(unknown)
			return fmt.Errorf("config file %s: unknown settings %s", c.ConfigFile, strings.Join(unknown, ", "))
		}
	}
	var err error
	fs.VisitAll(func(f *pflag.Flag) {
		if err != nil || f.Changed || f.Name == "config" {
			return
		}
		if v, ok := environ(EnvName(f.Name)); ok {
			if serr := setFlag(f, v); serr != nil {
				err = fmt.Errorf("%s: %w", EnvName(f.Name), serr)
			}
			return
		}
		if v, ok := file[f.Name]; ok {
			if serr := setFlag(f, v); serr != nil {
				err = fmt.Errorf("config file %s: %w", f.Name, serr)
			}
		}
	})
	if err != nil {
		return err
	}
	if err := checkReplicaName(c.ReplicaName); err != nil {
		return err
	}
	if _, err := c.KamailioZone(); err != nil {
		return err
	}
	if c.HostKeyDir == "" {
		c.HostKeyDir = filepath.Join(c.DataDir, "hostkeys")
	}
	if c.DatabaseURL == "" {
		c.DatabaseURL = "sqlite:" + filepath.Join(c.DataDir, "sipdesk.db")
	}
	return nil
}

// setFlag sets a flag from an environment string or a YAML value; a YAML
// list sets a slice flag, a comma-separated string works for both sources.
func setFlag(f *pflag.Flag, v any) error {
	if sv, ok := f.Value.(pflag.SliceValue); ok {
		var items []string
		switch t := v.(type) {
		case []any:
			for _, it := range t {
				items = append(items, fmt.Sprint(it))
			}
		default:
			for _, it := range strings.Split(fmt.Sprint(t), ",") {
				if it = strings.TrimSpace(it); it != "" {
					items = append(items, it)
				}
			}
		}
		return sv.Replace(items)
	}
	return f.Value.Set(fmt.Sprint(v))
}

// KamailioZone is the time zone of KamailioTimeZone; empty is Local.
func (c *Config) KamailioZone() (*time.Location, error) {
	if c.KamailioTimeZone == "" {
		return time.Local, nil
	}
	zone, err := time.LoadLocation(c.KamailioTimeZone)
	if err != nil {
		return nil, fmt.Errorf("--kamailio-time-zone %q: not a time zone; give an IANA name such as UTC or Europe/Zurich, or Local", c.KamailioTimeZone)
	}
	return zone, nil
}

// Listener is one portal: a region and the address it listens on.
type Listener struct {
	Region     string // CH or AT
	Addr       string
	PublicHost string // host customers connect to
	PublicPort int
}

// Listeners parses Listen and PublicHosts.
func (c *Config) Listeners() ([]Listener, error) {
	public := map[string]string{}
	for _, p := range c.PublicHosts {
		region, host, ok := strings.Cut(p, "=")
		if !ok {
			return nil, fmt.Errorf("--public-host %q: want REGION=HOST[:PORT]", p)
		}
		public[strings.ToUpper(region)] = host
	}
	var out []Listener
	seen := map[string]bool{}
	for _, l := range c.Listen {
		region, addr, ok := strings.Cut(l, "=")
		region = strings.ToUpper(strings.TrimSpace(region))
		if !ok || (region != "CH" && region != "AT") {
			return nil, fmt.Errorf("--listen %q: want ch=ADDRESS or at=ADDRESS", l)
		}
		if seen[region] {
			return nil, fmt.Errorf("--listen: region %s given twice", region)
		}
		seen[region] = true
		out = append(out, Listener{Region: region, Addr: addr, PublicHost: public[region]})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("--listen: at least one portal is needed")
	}
	return out, nil
}

// AdminKeyLines expands InitialAdminKeys: each entry is an authorized_keys
// line, or the path of a file of such lines.
func (c *Config) AdminKeyLines() ([]string, error) {
	var out []string
	for _, entry := range c.InitialAdminKeys {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		if strings.HasPrefix(entry, "ssh-") || strings.HasPrefix(entry, "ecdsa-") || strings.HasPrefix(entry, "sk-") {
			out = append(out, entry)
			continue
		}
		data, err := os.ReadFile(entry)
		if err != nil {
			return nil, fmt.Errorf("--initial-admin-keys: %w", err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
				out = append(out, line)
			}
		}
	}
	return out, nil
}
