// Package i18n speaks the customer's language: German (Swiss usage for CH,
// Austrian for AT), French, Italian and English. It holds the message
// catalogue, decides a session's language, and formats local dates and
// times. It knows nothing of accounts or sessions; portal.Voice ties it to
// an account.
//
// The catalogue is golang.org/x/text/message with its catalog and plural
// packages: maintained with Go, already in the module graph, with CLDR
// plural rules (French counts 0 as singular) and locale number formats
// (1’572’864 in de-CH). Texts are printf formats; %[2]s reorders. German
// is written once in standard spelling and the Swiss variant is derived
// (ß → ss) so the two cannot drift apart; Austrian word choices
// (Authentifizierung for the FAQ's Authentisierung) are substituted, and a
// text whose words differ by country has a deCH or deAT override. The
// tests check that every key exists in every language with the same
// placeholders, that Swiss texts have no ß, and that every key the code
// asks for (a T call with a literal key anywhere in the module) exists.
//
// # Language choice
//
// [Choose] takes, in this order, the account's setting, the environment
// the OpenSSH client sent (LC_ALL, LC_MESSAGES, LANG: "de_CH.UTF-8",
// "fr_CH"; "C.UTF-8" and "POSIX" mean no preference) and the region. Before
// login only the region is known: [PreLogin], and [Bilingual] adds the
// English line. Mails use [ForMail]: the setting, else the region.
//
// # How a page or a command gets its text
//
// The server makes one portal.Voice per session, right after login, and
// hands it to the TUI's Common and to the command tree:
//
//	voice, err := svc.VoiceOf(ctx, acct, sess.Environ())
//
// A page or a command then asks for keys, never for a language:
//
//	b.WriteString(s.Title.Render(c.Voice.T("page.numbers")))
//	b.WriteString(c.Voice.T("numbers.count", len(nums)))      // "1 Rufnummer", "25 numéros"
//	fmt.Fprintln(out, c.Voice.T("cmd.voip.done", formatted, pw))
//	since := c.Voice.Clock.DateTime(f.ActivatedAt)            // "1.12.2026 22:31", never UTC
//	msg := c.Voice.Error(err)                                 // the portal's errors, translated
//
// Pass counts as int (%d): they select the plural form and get the
// locale's grouping. Pass anything that is not a quantity - a port, a
// year, a phone number, a code - as a string (%s), or it would print as
// "2’222". Key names say where a text belongs (page.*, key.*, numbers.*,
// number.*, account.*, music.*, cmd.*, login.*, forgot.*, reset.*) and
// stay stable: add a key rather than change what an old one means.
package i18n
