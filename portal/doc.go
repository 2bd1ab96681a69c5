// Package portal holds sipdesk's business rules: the login password policy
// and hashing, two-factor authentication, products and their SIP credentials,
// phone number formats, and the music rules. The TUI, the customer's ssh
// commands and customer care's admin commands all call this package; none of
// them writes SQL or re-implements a rule.
package portal
