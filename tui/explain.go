package tui

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
	return &explainedError{msg: c.Svc.Explain(err, doing), err: err}
}
