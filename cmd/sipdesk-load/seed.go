package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/portal"
)

// account is a password-only load account.
type account struct {
	user string
}

// accountSet is what a scenario logs in with.
type accountSet struct {
	password string
	plain    []account
	totp     *totpPool
}

func passwordUser(i int) string { return fmt.Sprintf("load%05d@example.ch", i) }
func totpUser(i int) string     { return fmt.Sprintf("load-totp%05d@example.ch", i) }

// ensureAccounts makes sure nPlain password-only and nTOTP TOTP accounts
// exist, creating the missing ones through portal.Service exactly as
// customer care would (argon2id at OWASP's parameters, a PBX number each).
// Existing TOTP accounts' secrets are decrypted with the server key, so
// reruns need no state file and no second seeding.
func ensureAccounts(ctx context.Context, c *common, nPlain, nTOTP int) (*accountSet, error) {
	if err := portal.ValidatePassword(c.password); err != nil {
		return nil, fmt.Errorf("--password: %w", err)
	}
	key, err := serverKey(c)
	if err != nil {
		return nil, err
	}
	box, err := portal.NewSecretBox(key)
	if err != nil {
		return nil, err
	}
	store, err := db.Open(ctx, c.databaseURL)
	if err != nil {
		return nil, err
	}
	defer store.Close()
	workers := runtime.GOMAXPROCS(0)
	hasher := portal.NewHasher(portal.OWASPArgon2, workers, 1<<20)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc, err := portal.NewService(store, box, hasher, portal.DefaultConfig(), quiet)
	if err != nil {
		return nil, err
	}

	set := &accountSet{password: c.password, plain: make([]account, nPlain)}
	totpAccts := make([]*totpAccount, nTOTP)
	type job struct {
		i    int
		totp bool
	}
	jobs := make(chan job)
	var created atomic.Int64
	var firstErr error
	var errOnce sync.Once
	var wg sync.WaitGroup
	start := time.Now()
	for range workers * 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				var err error
				if j.totp {
					var ta *totpAccount
					ta, err = ensureTOTPAccount(ctx, svc, box, totpUser(j.i), c.password, j.i, &created)
					totpAccts[j.i] = ta
				} else {
					err = ensurePlainAccount(ctx, svc, passwordUser(j.i), c.password, j.i, &created)
					set.plain[j.i] = account{user: passwordUser(j.i)}
				}
				if err != nil {
					errOnce.Do(func() { firstErr = err })
				}
			}
		}()
	}
	for i := range nPlain {
		jobs <- job{i: i}
	}
	for i := range nTOTP {
		jobs <- job{i: i, totp: true}
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if n := created.Load(); n > 0 {
		fmt.Printf("seeded %d accounts in %s\n", n, time.Since(start).Round(time.Millisecond))
	}
	set.totp = newTOTPPool(totpAccts)
	return set, nil
}

func serverKey(c *common) ([]byte, error) {
	if c.serverKey == "" {
		if _, err := os.Stat(c.keyFile); err != nil {
			return nil, fmt.Errorf("no --server-key and no key file: %w", err)
		}
	}
	key, _, err := portal.LoadOrCreateKey(c.serverKey, c.keyFile)
	return key, err
}

func ensurePlainAccount(ctx context.Context, svc *portal.Service, user, password string, i int, created *atomic.Int64) error {
	if _, err := db.AccountByUserID(ctx, svc.DB, user); err == nil {
		return nil
	} else if !errors.Is(err, db.ErrNotFound) {
		return err
	}
	acct, err := svc.CreateAccount(ctx, svc.DB, portal.NewAccountRequest{Email: user, Name: "Load " + strconv.Itoa(i), Region: portal.RegionCH, Password: password})
	if err != nil {
		return err
	}
	created.Add(1)
	_, err = svc.AddNumber(ctx, svc.DB, acct.ID, fmt.Sprintf("+4179%07d", i), portal.ProductPBX, "", "Load office")
	return err
}

// totpLabel must match the portal's additional data for TOTP secrets
// ("totp:<account id>"); a mismatch shows as a decryption error at once.
func totpLabel(id int64) string { return "totp:" + strconv.FormatInt(id, 10) }

func ensureTOTPAccount(ctx context.Context, svc *portal.Service, box *portal.SecretBox, user, password string, i int, created *atomic.Int64) (*totpAccount, error) {
	acct, err := db.AccountByUserID(ctx, svc.DB, user)
	if err == nil && acct.TOTPEnabled {
		secret, err := box.Open(acct.TOTPSecret, totpLabel(acct.ID))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", user, err)
		}
		return &totpAccount{user: user, secret: string(secret), lastStep: acct.TOTPLastStep}, nil
	}
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		return nil, err
	}
	if errors.Is(err, db.ErrNotFound) {
		acct, err = svc.CreateAccount(ctx, svc.DB, portal.NewAccountRequest{Email: user, Name: "Load TOTP " + strconv.Itoa(i), Region: portal.RegionCH, Password: password})
		if err != nil {
			return nil, err
		}
		created.Add(1)
		if _, err := svc.AddNumber(ctx, svc.DB, acct.ID, fmt.Sprintf("+4178%07d", i), portal.ProductPBX, "", "Load office"); err != nil {
			return nil, err
		}
	}
	setup, err := svc.NewTOTPSetup(user)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	code, err := totpCode(setup.Secret, now.Unix()/30)
	if err != nil {
		return nil, err
	}
	if _, err := svc.ActivateTOTP(ctx, acct, setup, code); err != nil {
		return nil, fmt.Errorf("%s: activate TOTP: %w", user, err)
	}
	// Activation used the current step (the server checks ±1 step).
	return &totpAccount{user: user, secret: setup.Secret, lastStep: now.Unix() / 30}, nil
}

func totpCode(secret string, step int64) (string, error) {
	return totp.GenerateCodeCustom(secret, time.Unix(step*30, 0), totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
}

// totpAccount tracks the last time step the server accepted: a code is
// good once (RFC 6238 replay protection), so each login needs a newer step.
type totpAccount struct {
	user     string
	secret   string
	lastStep int64
}

// totpPool hands out accounts that have an unused code now. The server
// accepts the steps now-1..now+1; the pool uses only now and now+1, which
// stay valid if the step boundary passes between computing and checking.
type totpPool struct {
	mu    sync.Mutex
	accts []*totpAccount
	next  int
	waits atomic.Int64
}

func newTOTPPool(a []*totpAccount) *totpPool { return &totpPool{accts: a} }

// take returns an account and a code for it, waiting if every account has
// used its steps (counted in waits: a run that waits undercounts logins/s).
func (p *totpPool) take(ctx context.Context) (*totpAccount, string, error) {
	if len(p.accts) == 0 {
		return nil, "", errors.New("no TOTP accounts (--totp-accounts)")
	}
	waited := false
	for {
		p.mu.Lock()
		now := time.Now().Unix() / 30
		for range p.accts {
			a := p.accts[p.next]
			p.next = (p.next + 1) % len(p.accts)
			step := max(a.lastStep+1, now)
			if step <= now+1 {
				a.lastStep = step
				p.mu.Unlock()
				code, err := totpCode(a.secret, step)
				return a, code, err
			}
		}
		p.mu.Unlock()
		if !waited {
			p.waits.Add(1)
			waited = true
		}
		select {
		case <-ctx.Done():
			return nil, "", ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func runSeed(ctx context.Context, args []string) error {
	var c common
	fs := flag.NewFlagSet("seed", flag.ExitOnError)
	c.bind(fs)
	fs.IntVar(&c.accounts, "accounts", 1000, "password-only accounts load00000@example.ch ...")
	fs.IntVar(&c.totp, "totp-accounts", 0, "accounts with TOTP load-totp00000@example.ch ...")
	_ = fs.Parse(args)
	set, err := ensureAccounts(ctx, &c, c.accounts, c.totp)
	if err != nil {
		return err
	}
	fmt.Printf("%d password accounts and %d TOTP accounts ready\n", len(set.plain), len(set.totp.accts))
	return nil
}
