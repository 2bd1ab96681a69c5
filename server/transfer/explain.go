package transfer

import (
	"errors"
	"io/fs"
)

// peopleError is an error whose message scp and sftp may show as is;
// errors.Is still sees the cause.
type peopleError struct {
	msg string
	err error
}

func (e *peopleError) Error() string { return e.msg }
func (e *peopleError) Unwrap() error { return e.err }

// explain is err as a customer may read it: the tree's "no such file"
// as it is (sftp answers it with its own status), anything else through
// the portal's Explain, so the store's trouble ("dial tcp ...", "sql:
// database is closed") becomes a plain sentence with a reference and
// the detail goes to the log under that reference.
func (t *musicTree) explain(err error, doing string) error {
	if err == nil || errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return &peopleError{msg: t.s.svc.ExplainIn(t.voice, err, doing), err: err}
}
