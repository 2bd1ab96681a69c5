package cmdkit

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// FlagErrorsIn is a flag error func that words pflag's common errors
// (unknown flag, a flag without its value, a value it cannot take) in
// sp's language, keeping the flag as typed, and makes them usage errors.
// Others keep pflag's English.
func FlagErrorsIn(sp Speaker) func(*cobra.Command, error) error {
	return func(c *cobra.Command, err error) error {
		return Usage(c, flagError(sp, err))
	}
}

func flagError(sp Speaker, err error) error {
	var (
		unknown *pflag.NotExistError
		missing *pflag.ValueRequiredError
		invalid *pflag.InvalidValueError
	)
	var text string
	switch {
	case errors.As(err, &unknown):
		text = sp.T("cmd.flag.unknown", typedFlag(unknown.GetSpecifiedName(), unknown.GetSpecifiedShortnames()))
	case errors.As(err, &missing):
		text = sp.T("cmd.flag.needs_value", typedFlag(missing.GetSpecifiedName(), missing.GetSpecifiedShortnames()))
	case errors.As(err, &invalid):
		text = sp.T("cmd.flag.invalid", invalid.GetValue(), "--"+invalid.GetFlag().Name)
	default:
		return err
	}
	return fmt.Errorf("%s", text)
}

// typedFlag is a flag as the person typed it: "--colour", or "-x" (in
// "-xv").
func typedFlag(name, shorthands string) string {
	if shorthands != "" {
		return "-" + name[:1]
	}
	return "--" + name
}
