package portal_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/sipdesk/sipdesk/db"
	"github.com/sipdesk/sipdesk/db/dbtest"
	"github.com/sipdesk/sipdesk/portal"
	"github.com/sipdesk/sipdesk/portal/portaltest"
)

// BenchmarkActivate3MBMP3 is the worker's whole path for a queue file of
// 3 MB (190 s of 128 kbit/s MP3): claim the row with its original, convert
// it to the four renditions, swap it in and store them, on each store.
// audio's BenchmarkFFmpeg3MBMP3 is the yardstick for the conversion.
func BenchmarkActivate3MBMP3(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchActivate(b, dbtest.SQLite(b)) })
	b.Run("postgres", func(b *testing.B) { benchActivate(b, dbtest.Postgres(b)) })
}

func benchActivate(b *testing.B, d *db.DB) {
	ctx := context.Background()
	svc := portaltest.New(b, d, nil)
	acct, err := svc.CreateAccount(ctx, d, portal.NewAccountRequest{Email: "bench@example.ch", Region: "CH"})
	if err != nil {
		b.Fatal(err)
	}
	data := fixture(b, "bench-3mb.mp3")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for range b.N {
		b.StopTimer()
		if _, err := svc.UploadMusic(ctx, acct, portal.MusicUpload{Kind: portal.MusicQueue, Via: "ssh"}, bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if did, err := svc.ActivateNextMusic(ctx, "bench", time.Minute); !did || err != nil {
			b.Fatalf("activate: %v %v", did, err)
		}
	}
}

// BenchmarkUpload3MBMP3 is the upload's part: read, validate by decoding
// the whole bit stream, store as pending.
func BenchmarkUpload3MBMP3(b *testing.B) {
	ctx := context.Background()
	d := dbtest.SQLite(b)
	svc := portaltest.New(b, d, nil)
	acct, err := svc.CreateAccount(ctx, d, portal.NewAccountRequest{Email: "bench@example.ch", Region: "CH"})
	if err != nil {
		b.Fatal(err)
	}
	data := fixture(b, "bench-3mb.mp3")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := svc.UploadMusic(ctx, acct, portal.MusicUpload{Kind: portal.MusicQueue, Via: "ssh"}, bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}
