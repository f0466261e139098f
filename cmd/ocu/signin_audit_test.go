package main

import (
	"net/url"
	"testing"
)

// A username that is no account may be a password typed into the wrong
// field: the failed sign-in is recorded, but what was typed is not.
func TestFailedSignInRecordsNoUnknownUsername(t *testing.T) {
	a := newTestApp(t)
	typed := "Tr0ub4dor&3-typed-in-the-wrong-field"
	a.postForm("/signin", url.Values{"username": {typed}, "password": {"x"}})
	a.postForm("/signin", url.Values{"username": {"officer.ph"}, "password": {"wrong password"}})

	var leaked int64
	a.db.Read.Raw("SELECT COUNT(*) FROM audit_log WHERE instr(lower(subject || username || details), lower(?)) > 0", typed).Scan(&leaked)
	if leaked != 0 {
		t.Fatalf("%d audit entries hold the unknown username as typed", leaked)
	}
	var unknown, known int64
	a.db.Read.Raw("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.signin_failed' AND subject = '' AND username = 'anonymous'").Scan(&unknown)
	a.db.Read.Raw("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.signin_failed' AND subject = 'user:officer.ph'").Scan(&known)
	if unknown != 1 || known != 1 {
		t.Fatalf("failed sign-ins recorded: %d anonymous (want 1), %d naming officer.ph (want 1)", unknown, known)
	}
}
