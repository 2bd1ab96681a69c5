package kamailio_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/sipdesk/sipdesk/sip/kamailio"
	"github.com/sipdesk/sipdesk/sip/kamailio/kamtest"
)

// The first store to bind wins; a re-binding must name the store it
// replaces; who bound it is kept to the column's width, whatever the
// replica's name.
func TestBindingFirstWinsAndRebindNamesWhatItReplaces(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, st := kamtest.Database(t)
	if _, err := st.Binding(ctx); !errors.Is(err, kamailio.ErrUnbound) {
		t.Fatalf("a new database: %v", err)
	}
	long := strings.Repeat("ä", 300)
	b, err := st.Bind(ctx, "store-a", long)
	if err != nil || b.StoreID != "store-a" || len([]rune(b.BoundBy)) != 255 {
		t.Fatalf("bind with a long name: %+v %v", b, err)
	}
	if b, err := st.Bind(ctx, "store-b", "b"); err != nil || b.StoreID != "store-a" {
		t.Fatalf("a second bind: %+v %v", b, err)
	}
	var other *kamailio.OtherStoreError
	if _, err := st.Rebind(ctx, "store-c", "store-b", "b"); !errors.As(err, &other) || other.Bound.StoreID != "store-a" {
		t.Fatalf("a re-binding naming the wrong store: %v", err)
	}
	if b, err := st.Rebind(ctx, "store-a", "store-b", "b"); err != nil || b.StoreID != "store-b" || b.BoundBy != "b" {
		t.Fatalf("re-binding: %+v %v", b, err)
	}
	if err := st.Put(ctx, "store-a", kamailio.NewSubscriber("41441234567", "sip.example.ch", "pw")); !errors.As(err, &other) {
		t.Fatalf("a write for the replaced store: %v", err)
	}
	if err := st.Put(ctx, "store-b", kamailio.NewSubscriber("41441234567", "sip.example.ch", "pw")); err != nil {
		t.Fatal(err)
	}
}
