package config

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// maxReplicaName bounds --replica-name: it is part of every claim.
const maxReplicaName = 100

// checkReplicaName refuses a --replica-name that would not be a plain
// name in claims and logs: control characters, spaces, or too long.
func checkReplicaName(name string) error {
	if name == "" {
		return nil
	}
	if len(name) > maxReplicaName {
		return fmt.Errorf("--replica-name: at most %d bytes, got %d", maxReplicaName, len(name))
	}
	if strings.IndexFunc(name, func(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) }) >= 0 {
		return errors.New("--replica-name: letters, digits and punctuation only, without spaces or control characters")
	}
	// A claim is named NAME@START/WORKER and a restarted replica retakes
	// those that start with its NAME@: a name holding "@" or "/" could
	// match another replica's claims ("sip" and "sip@0...").
	if strings.ContainsAny(name, "@/") {
		return errors.New("--replica-name: without @ and /, which separate the parts of a claim's name")
	}
	return nil
}
