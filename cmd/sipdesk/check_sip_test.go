package main

import (
	"context"
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/sip/kamailio/kamtest"
)

func TestCheckRegistrar(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	if r := checkRegistrar(ctx, ""); r.failed || !strings.Contains(r.detail, "not provisioned") {
		t.Fatalf("without a registrar: %+v", r)
	}
	url, _ := kamtest.Database(t)
	if r := checkRegistrar(ctx, url); r.failed || r.detail != "Kamailio's database answers: 0 subscribers, 0 registrations" {
		t.Fatalf("a fresh Kamailio database: %+v", r)
	}
	// A database without Kamailio's schema, and a URL that does not parse
	// (its password stays out of the output).
	if r := checkRegistrar(ctx, dbtest.NewPostgresDatabase(t)); !r.failed || !strings.Contains(r.detail, "subscriber table") {
		t.Fatalf("no schema: %+v", r)
	}
	if r := checkRegistrar(ctx, "postgres://kamailio:s3cret@127.0.0.1:1/k%zz"); !r.failed || strings.Contains(r.detail, "s3cret") {
		t.Fatalf("a bad URL: %+v", r)
	}
}
