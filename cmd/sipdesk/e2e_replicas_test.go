package main

// End-to-end tests of the races of issue 13 (points 8-12): two `sipdesk
// serve` processes on one Postgres, real OpenSSH clients, a real SMTP
// server in the test. Every wait is for a condition, bounded by a
// deadline the test sets far above what the work takes.

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/mail/mailtest"
)

// replicaSet is sipdesk run as two replicas on one Postgres database.
type replicaSet struct {
	storeURL string
	common   []string // the settings every replica of the set gets
	adminKey string
	procs    []*serverProc
	store    *db.DB // the test's own view of the shared store
}

// startReplicas starts n replicas named r1, r2, ... with the same server
// key and store; the first seeds the demo customer. extra is given to
// every replica.
func startReplicas(t *testing.T, n int, extra ...string) *replicaSet {
	t.Helper()
	requireSSH(t)
	storeURL := dbtest.NewPostgresDatabase(t)
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		t.Fatal(err)
	}
	rs := &replicaSet{storeURL: storeURL, adminKey: adminKey(t)}
	// Parallel logins of one account each reserve an attempt before the
	// password is checked (issue 11.5): the lock threshold is above the
	// tests' parallelism.
	rs.common = append([]string{"--database-url", storeURL, "--server-key", base64.StdEncoding.EncodeToString(key),
		"--initial-admin-keys", rs.adminKey + ".pub", "--lock-threshold", "50"}, extra...)
	for i := range n {
		args := append([]string{"--replica-name", "r" + strconv.Itoa(i+1)}, rs.common...)
		if i > 0 {
			args = append(args, "--seed-demo=false")
		}
		rs.procs = append(rs.procs, startPortal(t, t.TempDir(), args...))
	}
	store, err := db.Open(context.Background(), storeURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	rs.store = store
	return rs
}

// clients are the demo customer's OpenSSH clients, one per replica.
func (rs *replicaSet) clients(t *testing.T) []*musicClient {
	t.Helper()
	first := newMusicClient(t, rs.procs[0])
	out := []*musicClient{first}
	for _, p := range rs.procs[1:] {
		c := *first
		c.p = p
		out = append(out, &c)
	}
	return out
}

// parallel runs fn(i) for i in [0, n) at once and waits for all.
func parallel(n int, fn func(i int)) {
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			fn(i)
		}()
	}
	close(start)
	wg.Wait()
}

// waitStore polls cond (a store query) until it holds, failing after d.
func waitStore(t *testing.T, d time.Duration, what string, cond func() (bool, error)) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		ok, err := cond()
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited %s in vain: %s", d, what)
		}
		time.Sleep(50 * time.Millisecond) // polling a condition, bounded by the deadline
	}
}

// Issue 13.8: parallel uploads to one slot through both replicas, in
// rounds: every one is accepted, the newest accepted (the highest ID) is
// the one that plays, and none is failed for contention.
func TestE2EReplicasParallelUploadsTheNewestWins(t *testing.T) {
	rs := startReplicas(t, 2)
	cs := rs.clients(t)
	acct, err := db.AccountByUserID(context.Background(), rs.store, cs[0].user)
	if err != nil {
		t.Fatal(err)
	}
	const rounds, uploads = 3, 12
	fixtures := []string{"mp3-cbr16-mono-8k.mp3", "mp3-cbr32-mono-11k.mp3"}
	for round := range rounds {
		names := make([]string, uploads)
		files := make([]string, uploads)
		for i := range files {
			names[i] = fmt.Sprintf("r%d-up-%02d.mp3", round, i)
			files[i] = cs[0].fixture(fixtures[i%len(fixtures)], names[i])
		}
		codes := make([]int, uploads)
		outs := make([]string, uploads)
		// A replica takes two uploads of one account at a time (issue 11)
		// and refuses a third: each replica gets two at once, so four
		// uploads race across the two replicas all the time.
		slots := []chan struct{}{make(chan struct{}, 2), make(chan struct{}, 2)}
		parallel(uploads, func(i int) {
			slot := slots[i%2]
			slot <- struct{}{}
			defer func() { <-slot }()
			out, errOut, code := cs[i%2].ssh(files[i], "music", "upload", "hold", "--name", names[i])
			codes[i], outs[i] = code, out+errOut
		})
		for i, code := range codes {
			if code != 0 {
				t.Errorf("round %d, upload %d: exit %d\n%s", round, i, code, outs[i])
			}
		}
		checkNewestPlays(t, rs, cs[1], acct.ID, (round+1)*uploads)
	}
}

// checkNewestPlays waits until every one of the account's want hold
// uploads is settled, then wants the newest active and the others
// replaced (never failed), and `music status` to say so.
func checkNewestPlays(t *testing.T, rs *replicaSet, c *musicClient, account int64, want int) {
	t.Helper()
	type row struct {
		ID     int64  `db:"id"`
		Name   string `db:"original_name"`
		Status string `db:"status"`
		Error  string `db:"error"`
	}
	var rows []row
	waitStore(t, 3*time.Minute, "every upload activated or replaced", func() (bool, error) {
		rows = nil
		err := rs.store.SelectContext(context.Background(), &rows, rs.store.Rebind(`SELECT id, original_name, status, error
			FROM music_files WHERE account_id = ? AND kind = 'hold' ORDER BY id`), account)
		for _, r := range rows {
			if r.Status == "pending" || r.Status == "processing" {
				return false, err
			}
		}
		return len(rows) == want, err
	})
	newest := rows[len(rows)-1]
	if newest.Status != "active" {
		t.Errorf("the newest upload %s (id %d) is %s, not active: %+v", newest.Name, newest.ID, newest.Status, rows)
	}
	for _, r := range rows[:len(rows)-1] {
		if r.Status != "replaced" {
			t.Errorf("older upload %s (id %d): %s %q, want replaced", r.Name, r.ID, r.Status, r.Error)
		}
	}
	if sl := c.status()["hold"]; sl.Playing.Name != newest.Name {
		t.Errorf("music status plays %q, want the newest %q", sl.Playing.Name, newest.Name)
	}
}

// Issue 13.9: parallel `voip-password --new` through both replicas each
// print the password that call set: all differ, and the stored one is
// one of them.
func TestE2EReplicasParallelVoIPPasswordsPrintTheirOwn(t *testing.T) {
	rs := startReplicas(t, 2)
	cs := rs.clients(t)
	const pbx, n = "+41441234567", 6
	passwords := make([]string, n)
	parallel(n, func(i int) {
		out, errOut, code := cs[i%2].ssh("", "voip-password", pbx, "--new", "--yes", "--json")
		var got struct {
			Password string `json:"voip_password"`
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil || code != 0 || got.Password == "" {
			t.Errorf("voip-password %d: exit %d, %v\n%s\n%s", i, code, err, out, errOut)
		}
		passwords[i] = got.Password
	})
	if t.Failed() {
		t.Fatalf("logs:\n%s\n%s", rs.procs[0].logs.String(), rs.procs[1].logs.String())
	}
	seen := map[string]bool{}
	for i, pw := range passwords {
		if seen[pw] {
			t.Errorf("call %d printed a password another call printed too", i)
		}
		seen[pw] = true
	}
	out, errOut, code := cs[0].ssh("", "credentials", pbx, "--json")
	var cr struct {
		Password string `json:"voip_password"`
	}
	if err := json.Unmarshal([]byte(out), &cr); err != nil || code != 0 {
		t.Fatalf("credentials --json: exit %d, %v\n%s\n%s", code, err, out, errOut)
	}
	if !seen[cr.Password] {
		t.Fatal("the stored VoIP password is none of those printed")
	}
}

// smtpSink starts a recording SMTP server for a test.
func smtpSink(t *testing.T) (*smtpRecorder, string) {
	t.Helper()
	rec := &smtpRecorder{}
	srv := smtp.NewServer(rec)
	srv.Domain, srv.AllowInsecureAuth = "localhost", true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close() })
	return rec, strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

func (r *smtpRecorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.msgs)
}

// recipients counts the delivered mails by To address.
func (r *smtpRecorder) recipients() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	by := map[string]int{}
	for _, m := range r.msgs {
		for _, line := range strings.Split(m, "\n") {
			if strings.HasPrefix(line, "To: ") {
				by[strings.TrimSpace(strings.TrimPrefix(line, "To: "))]++
			}
		}
	}
	return by
}

// Issue 13.10 and 13.11: welcome mails queued through both replicas at
// once are each delivered exactly once; of two `admin number add` of one
// number at once, one wins and the other exits 4 (refused), over ssh.
func TestE2EReplicasMailsOnceAndNumberRaceExits4(t *testing.T) {
	rec, port := smtpSink(t)
	rs := startReplicas(t, 2, "--smtp-host", "127.0.0.1", "--smtp-port", port, "--smtp-security", "none")
	user, _ := rs.procs[0].demo(t)
	const customers = 8
	parallel(customers, func(i int) {
		out, errOut, code := asAdmin(t, rs.procs[i%2], rs.adminKey, "customer", "create",
			"--email", fmt.Sprintf("c%d@example.ch", i), "--region", "CH")
		if code != 0 {
			t.Errorf("customer create %d: exit %d\n%s\n%s", i, code, out, errOut)
		}
	})
	waitStore(t, time.Minute, "every welcome mail sent", func() (bool, error) {
		var open int
		err := rs.store.GetContext(context.Background(), &open, `SELECT count(*) FROM mail_outbox WHERE status <> 'sent'`)
		return open == 0 && rec.count() >= customers, err
	})
	by := rec.recipients()
	for i := range customers {
		if to := fmt.Sprintf("<c%d@example.ch>", i); by[to] != 1 {
			t.Errorf("%s got %d mails, want 1 (all: %v)", to, by[to], by)
		}
	}

	for round := range 3 {
		number := fmt.Sprintf("+4144555%04d", round)
		codes := make([]int, 2)
		outs := make([]string, 2)
		parallel(2, func(i int) {
			out, errOut, code := asAdmin(t, rs.procs[i], rs.adminKey, "number", "add", user, number, "--product", "pbx")
			codes[i], outs[i] = code, out+errOut
		})
		if !(codes[0] == 0 && codes[1] == 4 || codes[0] == 4 && codes[1] == 0) {
			t.Errorf("round %d: exits %v, want one 0 and one 4:\n%s\n%s", round, codes, outs[0], outs[1])
		}
	}
}

// Issue 13.12: a replica killed (SIGKILL) while it holds a mail's claim
// retakes it as soon as it runs again under the same replica name, long
// before the claim's 10-minute lease ends.
func TestE2EReplicaKilledMidDeliveryRetakesItsClaimOnRestart(t *testing.T) {
	silentPort := strconv.Itoa(mailtest.SilentRelay(t))
	rs := startReplicas(t, 1, "--smtp-security", "none")
	// Only the replica under test runs; it delivers through the silent
	// relay (its own setting, so the restart can use the real one).
	first := rs.procs[0]
	first.stop(t)
	dataDir := t.TempDir()
	args := append([]string{"--replica-name", "r1", "--seed-demo=false"}, rs.common...)
	p := startPortal(t, dataDir, append(args, "--smtp-host", "127.0.0.1", "--smtp-port", silentPort)...)
	if out, errOut, code := asAdmin(t, p, rs.adminKey, "customer", "create", "--email", "held@example.ch", "--region", "CH"); code != 0 {
		t.Fatalf("customer create: exit %d\n%s\n%s", code, out, errOut)
	}
	// The worker claims the mail, then waits on the silent relay (up to
	// its SMTP timeout, 30 s): it is killed while it holds the claim.
	waitStore(t, time.Minute, "the mail worker claims the mail", func() (bool, error) {
		var claimedBy []string
		err := rs.store.SelectContext(context.Background(), &claimedBy,
			`SELECT claimed_by FROM mail_outbox WHERE to_addr = 'held@example.ch' AND status = 'queued'`)
		return len(claimedBy) == 1 && strings.HasPrefix(claimedBy[0], "r1@"), err
	})
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
	p.done <- nil // stop() at cleanup sees it exited

	rec, port := smtpSink(t)
	restarted := startPortal(t, dataDir, append(args, "--smtp-host", "127.0.0.1", "--smtp-port", port)...)
	// The bound is the test's; the lease is ten minutes.
	waitStore(t, time.Minute, "the restarted replica delivers the mail its killed run held", func() (bool, error) {
		return rec.recipients()["<held@example.ch>"] == 1, nil
	})
	_ = restarted
}

// Issue 13.12: a replica killed (SIGKILL) while it converts an upload
// (the music claim held, status processing) retakes the upload as soon as
// it runs again under the same replica name, long before the claim's
// 3-minute stale timeout.
func TestE2EReplicaKilledMidActivationRetakesTheUploadOnRestart(t *testing.T) {
	rs := startReplicas(t, 1)
	first := rs.procs[0]
	m := newMusicClient(t, first)
	acct, err := db.AccountByUserID(context.Background(), rs.store, m.user)
	if err != nil {
		t.Fatal(err)
	}
	first.stop(t)
	dataDir := t.TempDir()
	args := append([]string{"--replica-name", "r1", "--seed-demo=false"}, rs.common...)
	file := m.fixture("bench-3mb.mp3", "long.mp3") // the largest fixture: its conversion takes a while
	var id int64
	// The conversion may finish before the test sees it: each try is a
	// new upload, until one is caught while it is being converted.
	for try := 0; id == 0; try++ {
		if try == 5 {
			t.Fatal("no upload was caught during its conversion in 5 tries")
		}
		p := startPortal(t, dataDir, args...)
		m.p = p
		name := fmt.Sprintf("long-%d.mp3", try)
		if out, errOut, code := m.ssh(file, "music", "upload", "queue", "--name", name); code != 0 {
			t.Fatalf("upload: exit %d\n%s\n%s", code, out, errOut)
		}
		var row struct {
			ID        int64  `db:"id"`
			Status    string `db:"status"`
			ClaimedBy string `db:"claimed_by"`
		}
		waitStore(t, time.Minute, "the upload is claimed or settled", func() (bool, error) {
			err := rs.store.GetContext(context.Background(), &row, rs.store.Rebind(`SELECT id, status, claimed_by
				FROM music_files WHERE account_id = ? AND original_name = ?`), acct.ID, name)
			return row.Status != "pending", err
		})
		_ = p.cmd.Process.Signal(syscall.SIGKILL)
		<-p.done
		p.done <- nil // stop() at cleanup sees it exited
		var status string
		if err := rs.store.GetContext(context.Background(), &status, rs.store.Rebind(
			`SELECT status FROM music_files WHERE id = ?`), row.ID); err != nil {
			t.Fatal(err)
		}
		if status == "processing" {
			if !strings.HasPrefix(row.ClaimedBy, "r1@") {
				t.Fatalf("claimed by %q, want a run of r1", row.ClaimedBy)
			}
			id = row.ID
		}
	}
	p := startPortal(t, dataDir, args...)
	m.p = p
	// The bound is the test's; the stale timeout is three minutes.
	waitStore(t, time.Minute, "the restarted replica activates the upload its killed run held", func() (bool, error) {
		var status string
		err := rs.store.GetContext(context.Background(), &status, rs.store.Rebind(`SELECT status FROM music_files WHERE id = ?`), id)
		return status == "active", err
	})
}
