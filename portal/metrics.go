package portal

import (
	"context"
	"errors"
	"time"

	"github.com/sipdesk/sipdesk/audio"
	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/metrics"
)

// instrument makes the service report to m: music uploads and activations
// as they happen, and, read from the store or the hashing pool on every
// scrape, the pool's depth and refusals, the outboxes, the music queue,
// login throttling and failed store queries. WithMetrics calls it once,
// when the service is made. A nil m leaves the service uninstrumented.
func (s *Service) instrument(m *metrics.Metrics) {
	if m == nil {
		return
	}
	s.Metrics = m
	m.ObserveHashPool(s.Hasher.Stats)
	m.ObserveStoreErrors(db.QueryErrors)
	m.ObserveOutbox("mail", s.queueStats(db.MailOutboxStats))
	m.ObserveOutbox("provisioning", s.queueStats(db.ProvisioningOutboxStats))
	m.ObserveMusicQueue(func(ctx context.Context) (metrics.MusicQueueStats, error) {
		st, err := db.MusicQueueStats(ctx, s.DB, s.now())
		return metrics.MusicQueueStats{Pending: st.Waiting, Oldest: st.Oldest}, err
	})
	m.ObserveThrottle(func(ctx context.Context) ([]metrics.ThrottleStats, error) {
		counts, err := db.ThrottleCounts(ctx, s.DB, s.now(), s.Cfg.MaxConsecutive)
		out := make([]metrics.ThrottleStats, 0, 2)
		for _, c := range counts {
			out = append(out, metrics.ThrottleStats{Scope: c.Scope, Failing: c.Failing, Locked: c.Locked})
		}
		return out, err
	})
}

func (s *Service) queueStats(read func(context.Context, db.Handler, time.Time) (db.QueueStats, error)) func(context.Context) (metrics.OutboxStats, error) {
	return func(ctx context.Context) (metrics.OutboxStats, error) {
		st, err := read(ctx, s.DB, s.now())
		return metrics.OutboxStats{Backlog: st.Waiting, Oldest: st.Oldest, Failed: st.Failed}, err
	}
}

// uploadOutcome is the metrics label of a refused upload's cause.
func uploadOutcome(cause error) string {
	switch {
	case errors.Is(cause, ErrMusicTooLarge):
		return metrics.UploadTooLarge
	case errors.Is(cause, ErrUploadInterrupted):
		return metrics.UploadInterrupted
	case errors.Is(cause, audio.ErrWMA), errors.Is(cause, audio.ErrUnsupported):
		return metrics.UploadUnsupported
	}
	return metrics.UploadBroken
}

// LoginOutcome is the metrics outcome of a login step's error (from
// CheckPassword, SecondFactor, AdminForKey, CompleteLogin): a HintError
// counts as the failure it wraps.
func LoginOutcome(err error) string {
	var locked *LockedError
	switch {
	case err == nil:
		return metrics.OutcomeSuccess
	case errors.As(err, &locked):
		return metrics.OutcomeLocked
	case errors.Is(err, ErrBusy):
		return metrics.OutcomeBusy
	case errors.Is(err, ErrDisabled):
		return metrics.OutcomeDisabled
	case errors.Is(err, ErrLoginFailed), errors.Is(err, ErrCodeInvalid), errors.Is(err, ErrNotAdminKey):
		return metrics.OutcomeFailure
	}
	return metrics.OutcomeError
}
