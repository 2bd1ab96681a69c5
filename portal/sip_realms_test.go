package portal_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/portal"
)

func TestParseSIPRealms(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in   []string
		want string // the map, or the error's start
	}{
		{nil, "map[AT:sip.example.at CH:sip.example.ch]"},
		{[]string{"ch=SIP.Provider.ch", "at=sip.provider.at"}, "map[AT:sip.provider.at CH:sip.provider.ch]"},
		{[]string{"ch=voice.example.ch"}, "map[AT:sip.example.at CH:voice.example.ch]"},
		{[]string{"de=sip.example.de"}, `--sip-realm "de=sip.example.de": want ch=DOMAIN`},
		{[]string{"ch="}, `--sip-realm "ch=": the domain must be a host name`},
		{[]string{"ch=sip.example.ch:5060"}, `--sip-realm "ch=sip.example.ch:5060": the domain must be a host name`},
		{[]string{"ch=a.ch", "CH=b.ch"}, "--sip-realm: region ch given twice"},
	} {
		m, err := portal.ParseSIPRealms(c.in)
		got := fmt.Sprint(m)
		if err != nil {
			got = err.Error()
		}
		if !strings.HasPrefix(got, c.want) {
			t.Errorf("%q: %s, want %s", c.in, got, c.want)
		}
	}
}
