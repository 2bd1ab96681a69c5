package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
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
var attacks = map[string]attack{
	"scp-line":     {run: attackSCPLine},
	"sftp-ooo":     {run: attackSFTPOutOfOrder},
	"sftp-handles": {prepare: bigFile, run: attackSFTPHandles},
	"env":          {run: attackEnv},
}

// attack is one scenario: prepare (optional, before the baseline) returns
// the target that run then attacks on every client at once.
type attack struct {
	prepare func(c *gossh.Client) (string, error)
	run     func(clients []*gossh.Client, target string) (string, error)
}

const attackUsage = `attack KIND: scp-line (300 MB without a newline into "scp -t"), sftp-ooo
(8,000 overlapping 32 KB writes at offsets 1..N), sftp-handles (150 read
handles on a 3 MB file), env (1,500 env requests of 130 KB on a "forgot" login)`

func runAttack(ctx context.Context, args []string) error {
	if len(args) == 0 || attacks[args[0]].run == nil {
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
		target := ""
		if attack.prepare != nil {
			if target, err = attack.prepare(clients[0]); err != nil {
				return err
			}
		}
		before, err := settledMemory(c.pid, 5, 100*time.Millisecond)
		if err != nil {
			return err
		}
		stop := make(chan struct{})
		peak := peakRSS(c.pid, stop)
		t0 := time.Now()
		outcome, aerr := attack.run(clients, target)
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
func attackSCPLine(clients []*gossh.Client, _ string) (string, error) {
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
func attackSFTPOutOfOrder(clients []*gossh.Client, _ string) (string, error) {
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

// attackSFTPHandles opens 150 read handles on the 3 MB file of bigFile
// on every connection and reads a
// byte from each, so that the server loads what each handle serves.
func attackSFTPHandles(clients []*gossh.Client, target string) (string, error) {
	var opened, refused atomic.Int64
	err := parallel(clients, func(c *gossh.Client) error {
		sc, err := sftp.NewClient(c)
		if err != nil {
			return err
		}
		defer sc.Close()
		var files []*sftp.File
		for range 150 {
			f, err := sc.Open(target)
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
	return fmt.Sprintf("%d handles on %s opened, %d refused", opened.Load(), target, refused.Load()), err
}

// bigFile uploads a WAV just under the queue limit (3 MB: 3 minutes of
// 8 kHz 16-bit silence), waits until the server has converted it (the
// tree then holds no pending file) and returns the path of the largest
// file the tree shows.
func bigFile(c *gossh.Client) (string, error) {
	sc, err := sftp.NewClient(c)
	if err != nil {
		return "", err
	}
	defer sc.Close()
	f, err := sc.Create("music/queue/attack.wav")
	if err != nil {
		return "", err
	}
	if _, err := f.Write(silentWAV(3 * 60 * 8000)); err != nil {
		f.Close()
		return "", err
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("upload the attack's file: %w", err)
	}
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(200 * time.Millisecond) {
		entries, err := sc.ReadDir("music")
		if err != nil {
			return "", err
		}
		pending := false
		for _, e := range entries {
			pending = pending || strings.Contains(e.Name(), ".pending.")
		}
		if !pending {
			break
		}
		if time.Now().After(deadline) {
			return "", errors.New("the attack's upload was not converted within 2 minutes")
		}
	}
	best, size := "", int64(0)
	for _, dir := range []string{"music", "music/queue"} {
		entries, err := sc.ReadDir(dir)
		if err != nil {
			return "", err
		}
		for _, e := range entries {
			if !e.IsDir() && e.Size() > size {
				best, size = dir+"/"+e.Name(), e.Size()
			}
		}
	}
	return best, nil
}

// silentWAV is a mono 8 kHz 16-bit PCM WAV of n samples of silence.
func silentWAV(n int) []byte {
	data := 2 * n
	b := make([]byte, 44+data)
	copy(b, "RIFF")
	binary.LittleEndian.PutUint32(b[4:], uint32(36+data))
	copy(b[8:], "WAVEfmt ")
	binary.LittleEndian.PutUint32(b[16:], 16)
	binary.LittleEndian.PutUint16(b[20:], 1) // PCM
	binary.LittleEndian.PutUint16(b[22:], 1) // mono
	binary.LittleEndian.PutUint32(b[24:], 8000)
	binary.LittleEndian.PutUint32(b[28:], 16000)
	binary.LittleEndian.PutUint16(b[32:], 2)
	binary.LittleEndian.PutUint16(b[34:], 16)
	copy(b[36:], "data")
	binary.LittleEndian.PutUint32(b[40:], uint32(data))
	return b
}

// attackEnv sends 1,500 env requests of 130 KB on a "forgot" login, which
// needs no password.
func attackEnv(clients []*gossh.Client, _ string) (string, error) {
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
