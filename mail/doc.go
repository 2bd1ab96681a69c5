// Package mail sends the portal's outbound mail: account welcome and
// password-reset links, and the security notices that follow a password or
// 2FA change.
//
// The pieces are deliberately separate so each can be tested and swapped on
// its own:
//
//   - [Render] turns a [Kind] and [Data] into a subject and plain-text body
//     from embedded templates, so wording lives in templates/*.txt and not in
//     Go code.
//   - A [Sender] delivers one [Message]: [SMTPSender] through a relay,
//     [DirSender] into .eml files when no relay is configured (the zero-setup
//     default), so a fresh install still "sends" its reset links somewhere an
//     operator can read them.
//   - [Worker] drains the transactional outbox ([Outbox]): mail rows are
//     written in the same database transaction as the change that causes
//     them, so a mail is never lost nor sent for a change that rolled back,
//     and the worker delivers them with retries and back-off.
//
// Mail bodies carry single-use tokens, so this package never logs bodies or
// tokens, and no mail ever contains a password or a 2FA code.
package mail
