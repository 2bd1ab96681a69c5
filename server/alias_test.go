package server

import (
	"strconv"

	"github.com/charmbracelet/ssh"
)

type sshSession = ssh.Session

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
