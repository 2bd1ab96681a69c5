package portal

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/sipdesk/sipdesk/audio"
	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/metrics"
)

// MusicWorkerOptions tune activation.
type MusicWorkerOptions struct {
	// Workers is how many conversions run at once. Each holds about
	// 100 KB per second of music, so this bounds memory, not the queue.
	Workers int
	// Poll is how often a worker looks for uploads that arrived through
	// another replica; uploads through this one wake a worker at once.
	Poll time.Duration
	// Stale is when a claim counts as abandoned (its replica died mid-job)
	// and another worker may take the upload. A conversion of the longest
	// upload takes seconds, far below it.
	Stale time.Duration
	// ID names this run of this replica in claimed_by; each worker adds
	// "/N". Made with db.ClaimantRun (a replica name stable across
	// restarts and its start time), a restarted replica retakes the claims
	// its killed run left at once, instead of after Stale.
	ID string
}

// DefaultMusicWorkerOptions are the production settings: with them an
// upload is active within seconds, far inside the FAQ's 10 minutes even
// when a replica dies mid-job. The ID is left to NewMusicWorker, which
// names the run after the service's Replica.
func DefaultMusicWorkerOptions() MusicWorkerOptions {
	return MusicWorkerOptions{Workers: 2, Poll: 5 * time.Second, Stale: 3 * time.Minute}
}

// MusicWorkerName names the music worker for readiness (WorkerRunning).
const MusicWorkerName = "music"

// maxMusicAttempts stops a file that kills its worker (say, by exhausting
// memory) from being retried for ever.
const maxMusicAttempts = 3

// MusicWorker activates pending uploads in the background.
type MusicWorker struct {
	svc  *Service
	opt  MusicWorkerOptions
	wake chan struct{}
}

// NewMusicWorker prepares a worker pool; Run starts it.
func NewMusicWorker(svc *Service, opt MusicWorkerOptions) *MusicWorker {
	opt.Workers = max(opt.Workers, 1)
	if opt.ID == "" {
		opt.ID = db.ClaimantRun(svc.replica(), time.Now())
	}
	return &MusicWorker{svc: svc, opt: opt, wake: make(chan struct{}, 1)}
}

// Wake tells an idle worker that an upload is waiting. It never blocks.
func (w *MusicWorker) Wake() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Run converts uploads until ctx ends, then waits for the conversions in
// progress to be stored.
func (w *MusicWorker) Run(ctx context.Context) {
	if running := w.svc.WorkerRunning; running != nil {
		defer running(MusicWorkerName)()
	}
	var wg sync.WaitGroup
	for i := range w.opt.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.loop(ctx, w.opt.ID+"/"+strconv.Itoa(i))
		}()
	}
	wg.Wait()
}

func (w *MusicWorker) loop(ctx context.Context, id string) {
	for {
		for ctx.Err() == nil {
			did, err := w.svc.ActivateNextMusic(ctx, id, w.opt.Stale)
			if err != nil && ctx.Err() == nil {
				w.svc.Log.Warn("music worker", "worker", id, "err", err)
			}
			if !did || err != nil {
				break
			}
			// There may be more: let an idle worker look too.
			w.Wake()
		}
		select {
		case <-ctx.Done():
			return
		case <-w.wake:
		case <-time.After(w.opt.Poll):
		}
	}
}

// ActivateNextMusic claims the oldest waiting upload as worker, converts
// it and makes it the active music of its account, replacing the previous
// one in the same transaction, so callers never hear a gap. It reports
// whether there was an upload to work on. A file that cannot be converted
// is marked failed with the reason; one replaced meanwhile by a newer
// upload or a reset is dropped.
func (s *Service) ActivateNextMusic(ctx context.Context, worker string, stale time.Duration) (bool, error) {
	start, now := time.Now(), s.now()
	job, err := db.ClaimMusic(ctx, s.DB, worker, now, now.Add(-stale))
	if errors.Is(err, db.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("claim an upload: %w", err)
	}
	// The conversion is done whatever happens to ctx (shutdown): storing
	// it takes milliseconds and saves redoing it.
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if job.Attempts > maxMusicAttempts {
		s.Metrics.MusicActivation(job.Kind, metrics.ActivationFailed, 0)
		english, code := attemptsFailure(maxMusicAttempts)
		return true, db.FailMusic(sctx, s.DB, job.ID, worker, english, code)
	}
	r, err := transcode(job.Original)
	if err != nil {
		s.Log.Info("music conversion failed", "upload", job.ID, "err", err)
		s.Metrics.MusicActivation(job.Kind, metrics.ActivationFailed, 0)
		english, code := conversionFailure(MusicKind(job.Kind), err)
		return true, db.FailMusic(sctx, s.DB, job.ID, worker, english, code)
	}
	rend := db.MusicRenditions{WAV8k: r.WAV8k, WAV16k: r.WAV16k, ULaw: r.ULaw, ALaw: r.ALaw,
		DurationMS: r.Duration.Milliseconds(), Peaks: encodePeaks(r.Peaks)}
	activated := false
	err = s.DB.Tx(sctx, func(tx db.Tx) error {
		var err error
		if activated, err = db.ActivateMusic(sctx, tx, job, worker, rend, s.now()); err != nil || !activated {
			return err
		}
		return db.Audit(sctx, tx, db.AuditEvent{At: s.now(), Actor: "system", AccountID: job.AccountID,
			Action: "music.activate", Detail: job.Kind + ": " + job.OriginalName})
	})
	switch {
	case errors.Is(err, db.ErrNotFound) || (err == nil && !activated):
		s.Log.Info("music upload replaced before activation", "upload", job.ID)
		s.Metrics.MusicActivation(job.Kind, metrics.ActivationReplaced, 0)
		return true, nil
	case err != nil:
		// Hand it back: the store's trouble (a lost race included) is not
		// the file's, so the attempt is not counted.
		_ = db.ReleaseMusic(sctx, s.DB, job.ID, worker)
		s.Metrics.MusicActivation(job.Kind, metrics.ActivationError, 0)
		return true, fmt.Errorf("activate upload %d: %w", job.ID, err)
	}
	s.Metrics.MusicActivation(job.Kind, metrics.ActivationActive, time.Since(start))
	s.Log.Info("music activated", "upload", job.ID, "kind", job.Kind, "duration", r.Duration.Round(time.Millisecond).String())
	s.musicChanged()
	return true, nil
}

// transcode converts one upload; a panic in the decoder becomes a failure
// of that file, not of the server.
func transcode(data []byte) (r *audio.Renditions, err error) {
	defer func() {
		if p := recover(); p != nil {
			r, err = nil, fmt.Errorf("the file could not be converted (%v); please upload it again or contact customer care", p)
		}
	}()
	return audio.Transcode(data)
}
