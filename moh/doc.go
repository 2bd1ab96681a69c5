// Package moh delivers hold and queue music to the PBX: every account's
// music, as callers hear it, is written to an export directory laid out
// for Asterisk's musiconhold in mode=files, one class per account and
// kind (sipdesk-<account id>-hold, sipdesk-<account id>-queue), each a
// directory holding music.ulaw, music.alaw, music.sln16 and music.wav,
// plus an include file, musiconhold_sipdesk.conf, listing the classes
// (`#include` it from musiconhold.conf).
//
// Atomic replacement: every file is written under a dot name (Asterisk's
// mode=files skips dot files), synced to disk and renamed over the old
// one, and the directory synced, so a PBX opening music.ulaw gets the old
// file or the new one, never a part. A class that plays the default piece
// gets hard links to one copy of it in .default/, so thousands of
// accounts without an upload cost no space. A directory's .manifest
// records each music file's size and SHA-256.
//
// Replicas: the exporter does not deliver events, it makes the directory
// equal to the database (Sync), like the provisioning worker's sync. So
// any number of replicas may be configured with --moh-dir: each keeps its
// own directory (say, on the PBX host it runs beside) complete, whichever
// replica activated an upload; or several share one directory (NFS),
// where an exclusive lock on .lock keeps their syncs apart and their
// results are identical anyway. The replica that activates or resets
// music syncs at once (Wake); the others within their poll interval. The
// database stays the only truth; a lost or damaged class directory or
// file is rebuilt by the next sync (each sync looks at what it wrote
// instead of trusting its memory: an upload's files at their manifest's
// sizes, a default class's files the same files as .default's, and
// .default's files read and compared with its manifest, since a truncated
// .default file truncates every class linked to it; a damaged .default is
// built anew beside it and renamed into place), and the class directories
// of accounts the database no longer has are removed (only sipdesk-...
// directories holding the exporter's .version marker: what else is in the
// directory is the operator's).
//
// Failures stay with their class: a class that cannot be written is
// logged by name and counted (Observer), the sync delivers the others and
// returns a *PartialError, and the next sync retries it.
package moh
