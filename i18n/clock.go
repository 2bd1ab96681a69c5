package i18n

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // the zone database inside the binary: a bare container has no /usr/share/zoneinfo
)

// RegionZone is the time zone of a region's customers.
func RegionZone(region string) string {
	if region == RegionAT {
		return "Europe/Vienna"
	}
	return "Europe/Zurich"
}

// ParseZone checks a time-zone setting ("Europe/Zurich"). Only IANA names
// with a slash are accepted: "UTC", "Local" and abbreviations such as
// "CET" are not local times a customer should see.
func ParseZone(name string) (*time.Location, error) {
	name = strings.TrimSpace(name)
	if !zoneName.MatchString(name) || len(name) > 64 {
		return nil, fmt.Errorf("unknown time zone %q: use a name such as Europe/Zurich or Europe/Vienna", name)
	}
	loc, err := loadZone(name)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q: use a name such as Europe/Zurich or Europe/Vienna", name)
	}
	return loc, nil
}

// zoneName is an IANA name's form: parts of letters, digits, _ + and -
// joined by single slashes. time.LoadLocation would also take
// "Europe/./Zurich" or "Europe//Zurich" from the system's database,
// each a new name for the cache below.
var zoneName = regexp.MustCompile(`^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)+$`)

// zones keeps the zones loaded so far. time.LoadLocation parses the zone
// database on every call; every login prompt and session asks for a
// zone (3.5% of the server's CPU under a wrong-password flood). Only
// zones that loaded are kept, so the map holds at most the database's
// few hundred names.
var zones sync.Map // name -> *time.Location

func loadZone(name string) (*time.Location, error) {
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	zones.Store(name, loc)
	return loc, nil
}

// Zone is where a customer's times are shown: the account's setting if it
// is valid, else the region's zone.
func Zone(setting, region string) *time.Location {
	if setting != "" {
		if loc, err := ParseZone(setting); err == nil {
			return loc
		}
	}
	loc, err := loadZone(RegionZone(region))
	if err != nil {
		panic("i18n: embedded tzdata lacks " + RegionZone(region)) // cannot happen with time/tzdata
	}
	return loc
}

// Clock formats times for one customer: their language and time zone.
// Nothing it prints says "UTC".
type Clock struct {
	Locale Locale
	Zone   *time.Location
}

// layouts per language: date and date with time. French in Switzerland
// writes 01.12.2026; German and Italian 1.12.2026; English in Swiss usage
// 1 Dec 2026.
var layouts = map[Lang][2]string{
	German:  {"2.1.2006", "2.1.2006 15:04"},
	French:  {"02.01.2006", "02.01.2006 15:04"},
	Italian: {"2.1.2006", "2.1.2006 15:04"},
	English: {"2 Jan 2006", "2 Jan 2006 15:04"},
}

func (c Clock) zone() *time.Location {
	if c.Zone == nil {
		return Zone("", c.Locale.Region)
	}
	return c.Zone
}

func (c Clock) layout(i int) string {
	l, ok := layouts[c.Locale.Lang]
	if !ok {
		l = layouts[German]
	}
	return l[i]
}

// Date is t's local date: 1.12.2026.
func (c Clock) Date(t time.Time) string { return t.In(c.zone()).Format(c.layout(0)) }

// DateTime is t's local date and time: 1.12.2026 22:31.
func (c Clock) DateTime(t time.Time) string { return t.In(c.zone()).Format(c.layout(1)) }

// Time is t's local time of day: 22:31.
func (c Clock) Time(t time.Time) string { return t.In(c.zone()).Format("15:04") }

// TimeSeconds is t's local time of day with seconds: 22:31:05, for what
// changes within a minute (a SIP registration's expiry).
func (c Clock) TimeSeconds(t time.Time) string { return t.In(c.zone()).Format("15:04:05") }
