package portal

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/crypto/argon2"

	"github.com/sipdesk/sipdesk/metrics"
)

// Argon2Params are argon2id cost parameters. They are stored in every hash
// (PHC string format) so they can be raised later: a hash made with weaker
// parameters is replaced on the next successful login.
type Argon2Params struct {
	MemoryKiB uint32
	Time      uint32
	Threads   uint8
}

// OWASPArgon2 is OWASP's minimum recommendation for argon2id: m=19 MiB, t=2, p=1.
var OWASPArgon2 = Argon2Params{MemoryKiB: 19 * 1024, Time: 2, Threads: 1}

const (
	saltLen = 16
	keyLen  = 32
)

// ErrBusy is returned when the hashing pool's queue is full: a flood of login
// attempts is refused instead of exhausting memory (each hash takes 19 MiB).
var ErrBusy = errors.New("the server is busy, please try again in a moment")

// Hasher hashes and verifies login passwords through a bounded pool.
type Hasher struct {
	Params Argon2Params
	slots  chan struct{} // hashes running at once
	queue  chan struct{} // callers allowed to wait for a slot
	// refused counts ErrBusy answers, for the metrics.
	refused atomic.Uint64
	// verifyHook, if set (tests), runs at the start of every Verify: it
	// counts the evaluations that throttling let through.
	verifyHook func()
	// backend computes the hashes when set (child processes at a lower
	// priority, see package hashproc); nil hashes in this process.
	backend HashBackend
}

// HashBackend computes argon2id hashes outside the Hasher's own process.
// The Hasher keeps its pool (slots, queue, ErrBusy) in front of it and
// decides itself whether a hash needs replacing; a backend only hashes.
// A backend that fails (a dead worker, a deadline) returns an error
// wrapping ErrUnavailable: the server's problem, not a wrong password.
type HashBackend interface {
	// Verify reports whether password matches the PHC string encoded.
	Verify(ctx context.Context, encoded, password string) (bool, error)
	// Hash returns the PHC string of password with a fresh salt and p.
	Hash(ctx context.Context, password string, p Argon2Params) (string, error)
}

// HasherOption configures a Hasher made by NewHasher.
type HasherOption func(*Hasher)

// WithHashBackend makes the Hasher compute its hashes through b.
func WithHashBackend(b HashBackend) HasherOption { return func(h *Hasher) { h.backend = b } }

// Stats is the pool's state for the metrics: running hashes, callers
// waiting for a worker, and refusals since start.
func (h *Hasher) Stats() metrics.PoolStats {
	running, held := len(h.slots), len(h.queue)
	return metrics.PoolStats{Workers: cap(h.slots), Running: running, Waiting: max(held-running, 0), Refused: h.refused.Load()}
}

// NewHasher allows workers hashes at a time and at most queue more waiting.
func NewHasher(p Argon2Params, workers, queue int, opts ...HasherOption) *Hasher {
	if workers < 1 {
		workers = 1
	}
	h := &Hasher{Params: p, slots: make(chan struct{}, workers), queue: make(chan struct{}, workers+queue)}
	for _, o := range opts {
		o(h)
	}
	return h
}

// Admission is a caller's place in the hashing queue. A login takes it
// before it asks the store anything, so that with the queue full the
// answer is ErrBusy at once and a flood's attempts cost the store
// nothing: each reserved and refunded attempt was two write transactions,
// and under a 200-connection flood their waits for SQLite's write lock
// held the pool's connections, which live sessions' reads then waited
// for.
type Admission struct {
	h    *Hasher
	once sync.Once
}

// Admit takes a place in the queue, or refuses with ErrBusy.
func (h *Hasher) Admit() (*Admission, error) {
	select {
	case h.queue <- struct{}{}:
		return &Admission{h: h}, nil
	default:
		h.refused.Add(1)
		return nil, ErrBusy
	}
}

// Release gives the place back; later calls, and a Release after the
// place was used by VerifyAdmitted, do nothing.
func (a *Admission) Release() { a.once.Do(func() { <-a.h.queue }) }

// wait waits for a hashing slot with the place taken; the returned
// function frees both.
func (a *Admission) wait(ctx context.Context) (func(), error) {
	select {
	case a.h.slots <- struct{}{}:
		return func() { <-a.h.slots; a.Release() }, nil
	case <-ctx.Done():
		a.Release()
		return nil, ctx.Err()
	}
}

func (h *Hasher) acquire(ctx context.Context) (func(), error) {
	a, err := h.Admit()
	if err != nil {
		return nil, err
	}
	return a.wait(ctx)
}

// Hash returns the PHC string of password with a fresh salt.
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	release, err := h.acquire(ctx)
	if err != nil {
		return "", err
	}
	defer release()
	if h.backend != nil {
		return h.backend.Hash(ctx, password, h.Params)
	}
	return hashWith(h.Params, password)
}

// HashLocal returns the PHC string of password with a fresh salt, computed
// in this process: what a hashing worker process runs.
func HashLocal(p Argon2Params, password string) (string, error) { return hashWith(p, password) }

// VerifyLocal reports whether password matches the PHC string encoded,
// computed in this process: what a hashing worker process runs.
func VerifyLocal(encoded, password string) (bool, error) {
	p, salt, key, err := parsePHC(encoded)
	if err != nil {
		return false, err
	}
	return verifyKey(p, salt, key, password), nil
}

func verifyKey(p Argon2Params, salt, key []byte, password string) bool {
	got := argon2.IDKey([]byte(password), salt, p.Time, p.MemoryKiB, p.Threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1
}

func hashWith(p Argon2Params, password string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.MemoryKiB, p.Threads, keyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.MemoryKiB, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// Verify reports whether password matches the PHC hash, and whether the
// hash should be replaced because its parameters are below the current ones.
func (h *Hasher) Verify(ctx context.Context, encoded, password string) (ok, rehash bool, err error) {
	return h.verify(ctx, nil, encoded, password)
}

// VerifyAdmitted is Verify in the queue place a, which it gives back.
func (h *Hasher) VerifyAdmitted(ctx context.Context, a *Admission, encoded, password string) (ok, rehash bool, err error) {
	defer a.Release()
	return h.verify(ctx, a, encoded, password)
}

func (h *Hasher) verify(ctx context.Context, a *Admission, encoded, password string) (ok, rehash bool, err error) {
	if h.verifyHook != nil {
		h.verifyHook()
	}
	p, salt, key, err := parsePHC(encoded)
	if err != nil {
		return false, false, err
	}
	var release func()
	if a != nil {
		release, err = a.wait(ctx)
	} else {
		release, err = h.acquire(ctx)
	}
	if err != nil {
		return false, false, err
	}
	defer release()
	if h.backend != nil {
		if ok, err = h.backend.Verify(ctx, encoded, password); err != nil {
			return false, false, err
		}
	} else {
		ok = verifyKey(p, salt, key, password)
	}
	rehash = p.MemoryKiB < h.Params.MemoryKiB || p.Time < h.Params.Time || p.Threads < h.Params.Threads
	return ok, rehash, nil
}

func parsePHC(s string) (Argon2Params, []byte, []byte, error) {
	var p Argon2Params
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return p, nil, nil, errors.New("unsupported password hash format")
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, nil, nil, errors.New("unsupported argon2 version")
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.MemoryKiB, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, fmt.Errorf("bad argon2 parameters: %w", err)
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return p, nil, nil, fmt.Errorf("bad argon2 salt: %w", err)
	}
	key, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(key) == 0 {
		return p, nil, nil, errors.New("bad argon2 key")
	}
	return p, salt, key, nil
}
