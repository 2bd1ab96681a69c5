package tui

import (
	"context"
	"time"
)

// explainedError is an error whose message is written for the customer:
// portal.Service.Explain's sentence (the domain's own words, or a plain
// sentence with a reference whose detail is in the log), never a driver's
// "dial tcp ...". errors.Is and errors.As still see the cause.
type explainedError struct {
	msg string
	err error
}

func (e *explainedError) Error() string { return e.msg }
func (e *explainedError) Unwrap() error { return e.err }

// explain turns a failed call's error into one a page may show as is. It
// runs once, where the error arrives (inside the command), never in View:
// each call logs the detail under a fresh reference.
func (c Common) explain(err error, doing string) error {
	if err == nil {
		return nil
	}
	return &explainedError{msg: c.Svc.ExplainIn(c.V(), err, doing), err: err}
}

// defaultStoreTimeout is Common.StoreTimeout when none is set (tests).
const defaultStoreTimeout = 5 * time.Second

// storeCtx is the context of one store call of a page: the session's,
// with the store timeout, so a stuck store shows an error instead of
// "Loading..." forever. Calls that do more than the store's work keep the
// session's context: those that hash a password (a change, a reset: the
// hashing queue may take longer) and the Music page's (the default piece
// is synthesised on first use). Each of their store reads and writes is
// still bounded by the store's own I/O timeout.
func (c Common) storeCtx() (context.Context, context.CancelFunc) {
	d := c.StoreTimeout
	if d <= 0 {
		d = defaultStoreTimeout
	}
	return context.WithTimeout(c.Ctx, d)
}
