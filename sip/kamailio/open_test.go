package kamailio

import (
	"context"
	"strings"
	"testing"
)

// The URL carries Kamailio's database password; a start-up error that is
// logged must not quote it.
func TestOpenErrorDoesNotQuoteTheURL(t *testing.T) {
	t.Parallel()
	_, err := Open(context.Background(), "postgres://kamailio:s3cret@127.0.0.1:1/kamailio%zz")
	if err == nil || strings.Contains(err.Error(), "s3cret") || !strings.Contains(err.Error(), "<--kamailio-database-url>") {
		t.Fatalf("Open = %v", err)
	}
}
