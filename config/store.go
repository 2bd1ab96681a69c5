package config

import "github.com/sipdesk/sipdesk/db"

// StoreOptions are the bounds the store is opened with: --store-timeout
// bounds connecting as well as each read and write, so a store that
// accepts connections but never answers fails a person's call after that
// long instead of hanging their login, page or command.
func (c Config) StoreOptions() db.Options {
	return db.Options{ConnectTimeout: c.StoreTimeout, IOTimeout: c.StoreTimeout}
}
