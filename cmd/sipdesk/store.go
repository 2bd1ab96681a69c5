package main

import (
	"github.com/sipdesk/sipdesk/config"
	"github.com/sipdesk/sipdesk/db"
)

// storeOptions are the bounds the store is opened with: --store-timeout
// bounds connecting as well as each read and write, so a store that
// accepts connections but never answers fails a person's call after that
// long instead of hanging their login, page or command. It lives here, not
// in config, so that config depends on no package of sipdesk.
func storeOptions(cfg config.Config) db.Options {
	return db.Options{ConnectTimeout: cfg.StoreTimeout, IOTimeout: cfg.StoreTimeout}
}
