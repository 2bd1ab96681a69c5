package transfer

import (
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// pacing is how fast an upload must arrive. An upload holds one of the
// replica's few upload slots (uploadLimiter) while it is read, so a client
// trickling a byte a second would hold it until the idle timeout and a
// handful of customers could block every slot (issue 11). After a grace
// period the average rate must reach minRate, and no upload may take
// longer than deadline; otherwise it is refused and its slot released.
type pacing struct {
	minRate  int64 // bytes per second, averaged from the start
	grace    time.Duration
	deadline time.Duration
	tick     time.Duration // how often the watchdog looks at a blocked read
}

// defaultPacing lets a 3 MB file arrive over a 64 kbit/s line (about
// eight minutes) and stops a stalled or trickling upload within a minute.
var defaultPacing = pacing{minRate: 4 << 10, grace: 30 * time.Second, deadline: 10 * time.Minute, tick: time.Second}

// uploadTooSlowError is the reason a client reads for a slow upload.
type uploadTooSlowError struct {
	rate, min int64 // bytes per second
	deadline  time.Duration
}

func (e *uploadTooSlowError) Error() string {
	if e.deadline > 0 {
		return fmt.Sprintf("it took longer than the %v an upload may take; the upload slot was released, send the file again over a faster connection", e.deadline)
	}
	return fmt.Sprintf("it arrived at %d bytes/s, below the %d bytes/s an upload needs; the upload slot was released, send the file again over a faster connection", e.rate, e.min)
}

// isTooSlow reports whether err ended an upload for its pace.
func isTooSlow(err error) bool {
	var e *uploadTooSlowError
	return errors.As(err, &e)
}

// uploadAborter is a source whose blocked read can be ended from another
// goroutine (by closing its pipe, or its session after telling the
// client why). Sources without it are judged whenever a read returns.
type uploadAborter interface {
	abortUpload(err error)
}

// pacedReader enforces a pacing on r: each read is judged as it returns,
// and a watchdog ends a read that blocks past the pace through abort.
type pacedReader struct {
	r     io.Reader
	p     pacing
	start time.Time
	n     atomic.Int64
	err   atomic.Pointer[uploadTooSlowError]
	abort func(error)
	stop  chan struct{}
	once  sync.Once
}

// paced wraps r; close ends its watchdog.
func (p pacing) paced(r io.Reader) *pacedReader {
	pr := &pacedReader{r: r, p: p, start: time.Now(), stop: make(chan struct{})}
	if a, ok := r.(uploadAborter); ok {
		pr.abort = a.abortUpload
		go pr.watch()
	}
	return pr
}

// verdict is the refusal for the pace at now, or nil.
func (pr *pacedReader) verdict(now time.Time) *uploadTooSlowError {
	elapsed := now.Sub(pr.start)
	if elapsed >= pr.p.deadline {
		return &uploadTooSlowError{deadline: pr.p.deadline}
	}
	if elapsed < pr.p.grace {
		return nil
	}
	if rate := pr.n.Load() * int64(time.Second) / int64(elapsed); rate < pr.p.minRate {
		return &uploadTooSlowError{rate: rate, min: pr.p.minRate}
	}
	return nil
}

// fail records the refusal once and reports the one that stands.
func (pr *pacedReader) fail(e *uploadTooSlowError) *uploadTooSlowError {
	if pr.err.CompareAndSwap(nil, e) && pr.abort != nil {
		pr.abort(e)
	}
	return pr.err.Load()
}

func (pr *pacedReader) watch() {
	t := time.NewTicker(pr.p.tick)
	defer t.Stop()
	for {
		select {
		case <-pr.stop:
			return
		case now := <-t.C:
			if e := pr.verdict(now); e != nil {
				pr.fail(e)
				return
			}
		}
	}
}

// Read implements io.Reader.
func (pr *pacedReader) Read(b []byte) (int, error) {
	if e := pr.err.Load(); e != nil {
		return 0, e
	}
	k, err := pr.r.Read(b)
	pr.n.Add(int64(k))
	if e := pr.err.Load(); e != nil { // aborted while blocked
		return k, e
	}
	if err == nil {
		if e := pr.verdict(time.Now()); e != nil {
			return k, pr.fail(e)
		}
	}
	return k, err
}

// close ends the watchdog.
func (pr *pacedReader) close() { pr.once.Do(func() { close(pr.stop) }) }
