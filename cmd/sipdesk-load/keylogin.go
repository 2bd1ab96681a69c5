package main

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"net"
	"strings"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sipdesk/sipdesk/db"
)

// loadKey is the load account's ed25519 key, derived from its user name so
// reruns register nothing new and need no key files.
func loadKey(user string) gossh.Signer {
	seed := sha256.Sum256([]byte("sipdesk-load key " + user))
	s, err := gossh.NewSignerFromKey(ed25519.NewKeyFromSeed(seed[:]))
	if err != nil {
		panic(err) // an ed25519 key from a 32-byte seed always makes a signer
	}
	return s
}

// ensureKeys registers each account's load key (in the store, as the
// portal's keys add does after its checks) where it is missing.
func ensureKeys(ctx context.Context, c *common, set *accountSet) (int, error) {
	store, err := db.Open(ctx, c.databaseURL)
	if err != nil {
		return 0, err
	}
	defer store.Close()
	added := 0
	for _, a := range set.plain {
		acct, err := db.AccountByUserID(ctx, store, a.user)
		if err != nil {
			return added, fmt.Errorf("load account %s: %w", a.user, err)
		}
		pub := loadKey(a.user).PublicKey()
		fp := gossh.FingerprintSHA256(pub)
		if _, err := db.CustomerKeyOf(ctx, store, acct.ID, fp); err == nil {
			continue
		} else if !errors.Is(err, db.ErrNotFound) {
			return added, err
		}
		if err := db.AddCustomerKey(ctx, store, db.CustomerKey{AccountID: acct.ID, Fingerprint: fp, Name: "load",
			PublicKey: strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pub))), CreatedAt: time.Now()}); err != nil {
			return added, fmt.Errorf("register the key of %s: %w", a.user, err)
		}
		added++
	}
	return added, nil
}

// connectKey dials addr and logs in as user with signer alone.
func (d *dialer) connectKey(ctx context.Context, addr, user string, signer gossh.Signer) (*loginResult, error) {
	src := d.sources[d.n.Add(1)%uint64(len(d.sources))]
	nd := net.Dialer{Timeout: 10 * time.Second, LocalAddr: &net.TCPAddr{IP: src}}
	res := &loginResult{start: time.Now()}
	conn, err := nd.DialContext(ctx, "tcp", addr)
	if err != nil {
		return res, err
	}
	cfg := &gossh.ClientConfig{User: user, Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey()} // the load tool talks only to this machine
	_ = conn.SetDeadline(time.Now().Add(60 * time.Second))
	c, chans, reqs, err := gossh.NewClientConn(conn, addr, cfg)
	if err != nil {
		conn.Close()
		return res, err
	}
	_ = conn.SetDeadline(time.Time{})
	res.authed = time.Now()
	res.client = gossh.NewClient(c, chans, reqs)
	return res, nil
}

// keyExec logs in with a key and runs command, checking its output.
func keyExec(ctx context.Context, d *dialer, addr, user string, signer gossh.Signer, command, want string) sample {
	res, err := d.connectKey(ctx, addr, user, signer)
	if err != nil {
		return sample{err: err}
	}
	defer res.client.Close()
	sess, err := res.client.NewSession()
	if err != nil {
		return sample{err: err}
	}
	out, err := sess.Output(command)
	if err != nil || !strings.Contains(string(out), want) {
		return sample{err: fmt.Errorf("%s: %q %v", command, out, err)}
	}
	return sample{a: res.authed.Sub(res.start), b: time.Since(res.start)}
}

func runKeyLogin(ctx context.Context, args []string) error {
	var c common
	var m markers
	fs := flag.NewFlagSet("keylogin", flag.ExitOnError)
	c.bind(fs)
	m.bind(fs)
	fs.IntVar(&c.accounts, "accounts", 200, "accounts to log in with (each gets a load key)")
	n := fs.Int("execs", 300, "key logins with whoami per run")
	conc := fs.Int("concurrency", 16, "clients at once for the exec logins")
	sessions := fs.Int("sessions", 64, "TUI sessions per run")
	par := fs.Int("parallel", 8, "TUI sessions starting at once")
	softAddr := fs.String("soft-serve-addr", "", "a soft-serve SSH listener on this machine, measured in the same run (empty: none)")
	softKey := fs.String("soft-serve-user", "", "user name for soft-serve; its key is this tool's load key for that name")
	refAddr := fs.String("reference-addr", "", "a `sipdesk-load reference` server, measured in the same run (empty: none)")
	refUser := fs.String("reference-user", "reference", "the reference server's user name")
	_ = fs.Parse(args)
	if err := c.check(); err != nil {
		return err
	}
	set, err := ensureAccounts(ctx, &c, c.accounts, 0)
	if err != nil {
		return err
	}
	added, err := ensureKeys(ctx, &c, set)
	if err != nil {
		return err
	}
	if added > 0 {
		fmt.Printf("registered %d load keys\n", added)
	}
	if *softAddr != "" {
		if err := loopbackOnly(*softAddr); err != nil {
			return err
		}
		fmt.Printf("soft-serve: register this key for %s:\n%s", *softKey, gossh.MarshalAuthorizedKey(loadKey(*softKey).PublicKey()))
	}
	if *refAddr != "" {
		if err := loopbackOnly(*refAddr); err != nil {
			return err
		}
	}
	d := newDialer(c.addr, c.sources)
	rep := newReport()
	for run := 1; run <= c.runs && ctx.Err() == nil; run++ {
		s, wall := loop(ctx, *n, *conc, func(i int) sample {
			a := set.plain[i%len(set.plain)]
			return keyExec(ctx, d, c.addr, a.user, loadKey(a.user), "whoami", a.user)
		})
		auth, total, errs := split(s)
		rate := float64(len(auth)) / wall.Seconds()
		fmt.Printf("run %d: %d key logins + whoami in %s: %.1f/s, auth p50 %.1f ms p99 %.1f ms, total p50 %.1f ms p99 %.1f ms%s\n",
			run, len(auth), wall.Round(time.Millisecond), rate, percentile(auth, 50), percentile(auth, 99),
			percentile(total, 50), percentile(total, 99), firstErrs(errs))
		rep.add("key logins (exec whoami)/s", "1/s", rate)
		rep.add("key auth p50", "ms", percentile(auth, 50))
		rep.add("key auth p99", "ms", percentile(auth, 99))
		rep.add("failed key logins", "", float64(len(errs)))
		if *softAddr != "" {
			s, wall := loop(ctx, *n, *conc, func(int) sample {
				return keyExec(ctx, d, *softAddr, *softKey, loadKey(*softKey), "info", "")
			})
			auth, _, errs := split(s)
			r := float64(len(auth)) / wall.Seconds()
			fmt.Printf("run %d: soft-serve %d key logins + info in %s: %.1f/s%s\n", run, len(auth), wall.Round(time.Millisecond), r, firstErrs(errs))
			rep.add("soft-serve key logins (exec info)/s", "1/s", r)
		}
		f, wall := loop(ctx, *sessions, *par, func(i int) sample {
			a := set.plain[i%len(set.plain)]
			return keyTUI(ctx, d, c.addr, a.user, m.frame)
		})
		full, after, ferrs := split(f)
		fmt.Printf("run %d: %d key-login TUI sessions (%d at once) in %s: connect->first frame p50 %.1f ms p99 %.1f ms; login accepted->first frame p50 %.1f ms p99 %.1f ms%s\n",
			run, len(full), *par, wall.Round(time.Millisecond), percentile(full, 50), percentile(full, 99),
			percentile(after, 50), percentile(after, 99), firstErrs(ferrs))
		rep.add("key connect->first frame p50", "ms", percentile(full, 50))
		rep.add("key connect->first frame p99", "ms", percentile(full, 99))
		rep.add("key login accepted->first frame p50", "ms", percentile(after, 50))
		rep.add("key login accepted->first frame p99", "ms", percentile(after, 99))
		rep.add("failed TUI sessions", "", float64(len(ferrs)))
		if *refAddr != "" {
			measureReference(ctx, rep, d, run, *refAddr, *refUser, *n, *conc, *sessions, *par)
		}
	}
	rep.print(fmt.Sprintf("keylogin: %d key logins per run (%d at once), %d TUI sessions (%d starting at once)", *n, *conc, *sessions, *par))
	return nil
}

// keyTUI logs in with user's load key, opens the TUI and waits for frame.
func keyTUI(ctx context.Context, d *dialer, addr, user, frame string) sample {
	res, err := d.connectKey(ctx, addr, user, loadKey(user))
	if err != nil {
		return sample{err: err}
	}
	defer res.client.Close()
	t, err := openTUI(res.client, frame)
	if err != nil {
		return sample{err: err}
	}
	defer t.close()
	at, err := t.wait(30 * time.Second)
	if err != nil {
		return sample{err: err}
	}
	return sample{a: at.Sub(res.start), b: at.Sub(res.authed)}
}

// measureReference runs the same key logins and TUI starts against the
// reference wish server (see reference.go), right after sipdesk's.
func measureReference(ctx context.Context, rep *report, d *dialer, run int, addr, user string, n, conc, sessions, par int) {
	s, wall := loop(ctx, n, conc, func(int) sample {
		return keyExec(ctx, d, addr, user, loadKey(user), "whoami", user)
	})
	auth, _, errs := split(s)
	rate := float64(len(auth)) / wall.Seconds()
	fmt.Printf("run %d: reference %d key logins + whoami in %s: %.1f/s%s\n", run, len(auth), wall.Round(time.Millisecond), rate, firstErrs(errs))
	rep.add("reference key logins (exec whoami)/s", "1/s", rate)
	f, _ := loop(ctx, sessions, par, func(int) sample {
		return keyTUI(ctx, d, addr, user, "signed in as "+user)
	})
	full, after, ferrs := split(f)
	fmt.Printf("run %d: reference TUI (%d at once): connect->first frame p50 %.1f ms; login accepted->first frame p50 %.1f ms p99 %.1f ms%s\n",
		run, par, percentile(full, 50), percentile(after, 50), percentile(after, 99), firstErrs(ferrs))
	rep.add("reference key connect->first frame p50", "ms", percentile(full, 50))
	rep.add("reference key login accepted->first frame p50", "ms", percentile(after, 50))
	rep.add("reference key login accepted->first frame p99", "ms", percentile(after, 99))
}
