package portal

import (
	"fmt"
	"net/mail"
	"strings"
)

// CareEmailFor is customer care's address for a region's customers: the
// region's own (CareEmails), else the one address for all (CareEmail),
// else, with region "" (the account is not known yet) or a region without
// one, the first regional address, so a text never names an empty one.
func (c Config) CareEmailFor(region string) string {
	if a := c.CareEmails[strings.ToUpper(region)]; a != "" {
		return a
	}
	if c.CareEmail != "" {
		return c.CareEmail
	}
	for _, r := range []string{"CH", "AT"} {
		if a := c.CareEmails[r]; a != "" {
			return a
		}
	}
	return ""
}

// ParseCareEmails reads --care-email values: REGION=ADDRESS per region
// (ch=kundendienst@example.ch, at=kundendienst@example.at), or a bare
// ADDRESS for every region without one of its own. It returns the map for
// Config.CareEmails and the address for Config.CareEmail ("" if none was
// bare). Addresses must be plain addresses: they go into mails and onto
// customers' terminals.
func ParseCareEmails(values []string) (perRegion map[string]string, all string, err error) {
	perRegion = map[string]string{}
	for _, v := range values {
		region, addr, hasRegion := strings.Cut(strings.TrimSpace(v), "=")
		if !hasRegion {
			region, addr = "", region
		}
		region = strings.ToUpper(strings.TrimSpace(region))
		addr = strings.TrimSpace(addr)
		if hasRegion && region != "CH" && region != "AT" {
			return nil, "", fmt.Errorf("--care-email %q: the region must be ch or at", v)
		}
		if a, err := mail.ParseAddress(addr); err != nil || a.Address != addr || strings.ContainsFunc(addr, isControl) {
			return nil, "", fmt.Errorf("--care-email %q: want REGION=ADDRESS or ADDRESS with a plain address such as customercare@example.ch", v)
		}
		if !hasRegion {
			if all != "" && all != addr {
				return nil, "", fmt.Errorf("--care-email: two addresses without a region (%s, %s); write REGION=ADDRESS", all, addr)
			}
			all = addr
			continue
		}
		if prev, ok := perRegion[region]; ok && prev != addr {
			return nil, "", fmt.Errorf("--care-email: two addresses for %s (%s, %s)", region, prev, addr)
		}
		perRegion[region] = addr
	}
	return perRegion, all, nil
}

// LooksLikeEmail reports whether s has the form of an email address
// (name@domain.tld, RFC 5322 as net/mail reads it, no display name). It
// says nothing about whether the address exists or has an account.
func LooksLikeEmail(s string) bool {
	s = strings.TrimSpace(s)
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || len(s) > 254 {
		return false
	}
	domain := s[strings.LastIndexByte(s, '@')+1:]
	return strings.Contains(domain, ".") && !strings.HasSuffix(domain, ".")
}
