package portal

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
)

// InternalError is an error a customer must not read as is (a driver's
// "dial tcp 127.0.0.1:5432: connect: connection refused"): its message is
// a plain sentence with a short reference, and the detail is in the log
// under the same reference, so customer care can find it when a customer
// quotes it. errors.Is and errors.As still see the cause.
type InternalError struct {
	Ref string
	err error
}

// Error is the English sentence (admin tools, logs); customers read it
// through Voice.Error in their language.
func (e *InternalError) Error() string {
	return "a problem on our side; please try again in a few minutes. If it persists, tell customer care (ref " + e.Ref + ")"
}

func (e *InternalError) Unwrap() error { return e.err }

// Internal logs err with a fresh reference and returns it as an
// *InternalError. doing says what failed ("load the numbers"), for the log.
func (s *Service) Internal(err error, doing string) *InternalError {
	var ie *InternalError
	if errors.As(err, &ie) {
		return ie // logged already
	}
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	ie = &InternalError{Ref: hex.EncodeToString(b), err: err}
	s.Log.Error("internal error shown to a person as a reference", "ref", ie.Ref, "doing", doing, "err", err)
	return ie
}

// ExplainIn is Explain in the customer's language: the portal's own
// errors through v.Error, a server fault as v's sentence with the
// reference the log has.
func (s *Service) ExplainIn(v Voice, err error, doing string) string {
	if err == nil {
		return ""
	}
	if _, ok := publicMessage(err); ok {
		return v.Error(err)
	}
	return v.Error(s.Internal(err, doing))
}

// Explain is what a customer screen shows for err: the message itself
// when it is written for the person (a wrong password, an unknown number,
// a refused upload), else Internal's plain sentence with a reference.
// Faces write "Could not load your numbers: " + svc.Explain(err, "load the numbers").
func (s *Service) Explain(err error, doing string) string {
	if err == nil {
		return ""
	}
	if msg, ok := publicMessage(err); ok {
		return msg
	}
	return s.Internal(err, doing).Error()
}

// peopleErrors are the sentinel errors whose message is written for the
// person who caused them.
var peopleErrors = []error{
	ErrLoginFailed, ErrDisabled, ErrCodeInvalid, ErrBusy, ErrUnknownNumber, ErrBadNumber,
	ErrBadMusicKind, ErrMusicTooLarge, ErrUploadInterrupted, ErrTokenInvalid,
	ErrWrongOldPassword, ErrRepeatMismatch, ErrSameAsOld, ErrSameAsVoIP, ErrNoSIPServer,
}

// publicMessage is the message written for people that err carries: the
// typed error's or the sentinel's own, never the text wrapped around it,
// which may hold a driver's detail.
func publicMessage(err error) (string, bool) {
	var (
		locked   *LockedError
		hint     *HintError
		noCreds  *NoCredentialsError
		refused  *MusicRefusedError
		policy   *PolicyError
		care     *careError
		dup      *duplicateError
		internal *InternalError
	)
	switch {
	case errors.As(err, &internal):
		return internal.Error(), true
	case errors.As(err, &locked):
		return locked.Error(), true
	case errors.As(err, &hint):
		return hint.Error(), true
	case errors.As(err, &noCreds):
		return noCreds.Error(), true
	case errors.As(err, &refused):
		return refused.Error(), true
	case errors.As(err, &policy):
		return policy.Error(), true
	case errors.As(err, &care):
		return care.Error(), true
	case errors.As(err, &dup):
		return dup.Error(), true
	}
	for _, p := range peopleErrors {
		if errors.Is(err, p) {
			return p.Error(), true
		}
	}
	return "", false
}
