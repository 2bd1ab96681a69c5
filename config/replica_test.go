package config

import (
	"strings"
	"testing"
)

// Two containers may share a host name and listen addresses: the replica
// name can be set, and a name that is not plain is refused saying why.
func TestReplicaNameIsSetOrRefused(t *testing.T) {
	t.Parallel()
	cfg, err := resolve(t, nil, map[string]string{"SIPDESK_REPLICA_NAME": "sipdesk-1"}, "")
	if err != nil || cfg.ReplicaName != "sipdesk-1" {
		t.Fatalf("replica name %q, %v", cfg.ReplicaName, err)
	}
	for _, bad := range []string{"two words", "a\x1b[2Jb", strings.Repeat("x", 101), "sip@0", "eu/1"} {
		if _, err := resolve(t, []string{"--replica-name", bad}, nil, ""); err == nil || !strings.Contains(err.Error(), "--replica-name") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}
