package portal

// SetVerifyHook makes h call fn at the start of every password evaluation.
func SetVerifyHook(h *Hasher, fn func()) { h.verifyHook = fn }
