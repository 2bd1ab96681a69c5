package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pkg/sftp"
	gossh "golang.org/x/crypto/ssh"
)

// The attacks of issue 11 that aimed at the server's memory, each run
// against a running server as an attacker would, with the server's peak
// RSS over the attack reported against its RSS before. The budget is
// +50 MB per attack.
//
// The attackers log in first and the baseline is taken after that: an
// argon2id verification allocates 19 MiB that the Go heap keeps a while,
// which is the login's cost, not the attack's.
var attacks = map[string]func(clients []*gossh.Client) (string, error){
	"scp-line":     attackSCPLine,
	"sftp-ooo":     attackSFTPOutOfOrder,
	"sftp-handles": attackSFTPHandles,
	"env":          attackEnv,
}

const attackUsage = `attack KIND: scp-line (300 MB without a newline into "scp -t"), sftp-ooo
(8,000 overlapping 32 KB writes at offsets 1..N), sftp-handles (150 read
handles on one file), env (1,500 env requests of 130 KB on a "forgot" login)`

func runAttack(ctx context.Context, args []string) error {
	if len(args) == 0 || attacks[args[0]] == nil {
		return errors.New(attackUsage)
	}
	kind, attack := args[0], attacks[args[0]]
	var c common
	fs := flag.NewFlagSet("attack", flag.ExitOnError)
	c.bind(fs)
	conns := fs.Int("conns", 4, "attacking connections at once")
	_ = fs.Parse(args[1:])
	if err := c.check(); err != nil {
		return err
	}
	if c.pid <= 0 {
		return errors.New("attack measures the server: give --server-pid")
	}
	set, err := ensureAccounts(ctx, &c, 1, 0)
	if err != nil {
		return err
	}
	user, password := set.plain[0].user, c.password
	if kind == "env" {
		user, password = "forgot", "" // needs no password
	}
	d := newDialer(c.addr, c.sources)
	rep := newReport()
	for run := 1; run <= c.runs && ctx.Err() == nil; run++ {
		clients, err := login(ctx, d, user, password, *conns)
		if err != nil {
			return err
		}
		before, err := settledMemory(c.pid, 5, 100*time.Millisecond)
		if err != nil {
			return err
		}
		stop := make(chan struct{})
		peak := peakRSS(c.pid, stop)
		t0 := time.Now()
		outcome, aerr := attack(clients)
		close(stop)
		for _, cl := range clients {
			cl.Close()
		}
		p := <-peak
		delta := float64(p-before.rss) / mib
		fmt.Printf("run %d: %s with %d connections in %s: server RSS before %.0f MiB, peak %.0f MiB (+%.1f MiB); %s",
			run, kind, *conns, time.Since(t0).Round(time.Millisecond), float64(before.rss)/mib, float64(p)/mib, delta, outcome)
		if aerr != nil {
			fmt.Printf(" (attack ended: %v)", aerr)
		}
		fmt.Println()
		rep.add("server peak RSS delta", "MiB", delta)
		time.Sleep(2 * time.Second) // let the server's heap settle between runs
	}
	rep.print(fmt.Sprintf("attack %s, %d connections", kind, *conns))
	return nil
}

// peakRSS samples the server's RSS every 10 ms until stop closes, then
// sends the peak.
func peakRSS(pid int, stop <-chan struct{}) <-chan int64 {
	out := make(chan int64, 1)
	go func() {
		var peak int64
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			if m, err := readMemory(pid); err == nil && m.rss > peak {
				peak = m.rss
			}
			select {
			case <-stop:
				out <- peak
				return
			case <-t.C:
			}
		}
	}()
	return out
}

// login opens n connections of user.
func login(ctx context.Context, d *dialer, user, password string, n int) ([]*gossh.Client, error) {
	var clients []*gossh.Client
	for range n {
		res, err := d.connect(ctx, user, password, nil, 1)
		if err != nil {
			for _, c := range clients {
				c.Close()
			}
			return nil, fmt.Errorf("log in as %s: %w", user, err)
		}
		clients = append(clients, res.client)
	}
	return clients, nil
}

// parallel runs op on every client at once and joins the errors; each op
// has at most a minute.
func parallel(clients []*gossh.Client, op func(*gossh.Client) error) error {
	var wg sync.WaitGroup
	errs := make([]error, len(clients))
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			done := make(chan error, 1)
			go func() { done <- op(c) }()
			select {
			case errs[i] = <-done:
			case <-time.After(time.Minute):
				errs[i] = errors.New("still running after a minute")
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// attackSCPLine streams 300 MB of zeros, no newline, into "scp -t".
func attackSCPLine(clients []*gossh.Client) (string, error) {
	var sent atomic.Int64
	err := parallel(clients, func(c *gossh.Client) error {
		s, err := c.NewSession()
		if err != nil {
			return err
		}
		defer s.Close()
		in, _ := s.StdinPipe()
		if err := s.Start("scp -t music/hold"); err != nil {
			return err
		}
		zeros := make([]byte, 32<<10)
		for range (300 << 20) / len(zeros) {
			if _, err := in.Write(zeros); err != nil {
				break // refused: the server closed the session
			}
			sent.Add(int64(len(zeros)))
		}
		_ = in.Close()
		_ = s.Wait()
		return nil
	})
	return fmt.Sprintf("%d MiB sent before the server refused", sent.Load()>>20), err
}

// attackSFTPOutOfOrder writes 8,000 overlapping 32 KB blocks at offsets
// 1, 2, 3, ... so that none is ever in turn.
func attackSFTPOutOfOrder(clients []*gossh.Client) (string, error) {
	var taken, refused atomic.Int64
	err := parallel(clients, func(c *gossh.Client) error {
		sc, err := sftp.NewClient(c)
		if err != nil {
			return err
		}
		defer sc.Close()
		f, err := sc.Create("music/hold/attack.wav")
		if err != nil {
			return err
		}
		block := bytes.Repeat([]byte{'x'}, 32<<10)
		for off := int64(1); off <= 8000; off++ {
			if _, err := f.WriteAt(block, off); err != nil {
				refused.Add(1)
			} else {
				taken.Add(1)
			}
		}
		_ = f.Close()
		return nil
	})
	return fmt.Sprintf("%d writes taken, %d refused", taken.Load(), refused.Load()), err
}

// attackSFTPHandles opens 150 read handles on the hold music and reads a
// byte from each, so that the server loads what each handle serves.
func attackSFTPHandles(clients []*gossh.Client) (string, error) {
	var opened, refused atomic.Int64
	err := parallel(clients, func(c *gossh.Client) error {
		sc, err := sftp.NewClient(c)
		if err != nil {
			return err
		}
		defer sc.Close()
		var files []*sftp.File
		for range 150 {
			f, err := sc.Open("music/hold.wav")
			if err == nil {
				_, err = f.Read(make([]byte, 1))
			}
			if err != nil && !errors.Is(err, io.EOF) {
				refused.Add(1)
				continue
			}
			opened.Add(1)
			files = append(files, f)
		}
		for _, f := range files {
			_ = f.Close()
		}
		return nil
	})
	return fmt.Sprintf("%d handles opened, %d refused", opened.Load(), refused.Load()), err
}

// attackEnv sends 1,500 env requests of 130 KB on a "forgot" login, which
// needs no password.
func attackEnv(clients []*gossh.Client) (string, error) {
	var taken, refused atomic.Int64
	value := string(bytes.Repeat([]byte{'A'}, 130<<10))
	err := parallel(clients, func(c *gossh.Client) error {
		s, err := c.NewSession()
		if err != nil {
			return err
		}
		defer s.Close()
		for i := range 1500 {
			if err := s.Setenv(fmt.Sprintf("LC_ATTACK%d", i), value); err != nil {
				refused.Add(1)
			} else {
				taken.Add(1)
			}
		}
		return nil
	})
	return fmt.Sprintf("%d env requests taken, %d refused", taken.Load(), refused.Load()), err
}
