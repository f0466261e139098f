package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// account is one row of the users file.
type account struct {
	Username, Role, Unit, Country, Password string
}

const (
	roleOfficer    = "officer"
	roleSupervisor = "supervisor"
)

// readAccounts reads the CSV `ocu seed --load-users FILE` writes:
// a header naming username,role,unit,country,password (in any order) and
// one account a row. Only officers and supervisors are simulated.
func readAccounts(path string) ([]account, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parseAccounts(f)
}

func parseAccounts(r io.Reader) ([]account, error) {
	cr := csv.NewReader(r)
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("users file: read header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	for _, want := range []string{"username", "role", "unit", "country", "password"} {
		if _, ok := col[want]; !ok {
			return nil, fmt.Errorf("users file: the header has no %q column (want username,role,unit,country,password)", want)
		}
	}
	var out []account
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("users file: %w", err)
		}
		get := func(name string) string { return strings.TrimSpace(rec[col[name]]) }
		a := account{Username: get("username"), Role: strings.ToLower(get("role")), Unit: strings.ToUpper(get("unit")),
			Country: strings.ToUpper(get("country")), Password: rec[col["password"]]}
		switch {
		case a.Username == "" || a.Password == "":
			return nil, fmt.Errorf("users file line %d: username and password are required", line)
		case a.Role == roleOfficer && (a.Country == "" || a.Unit == ""):
			return nil, fmt.Errorf("users file line %d: an officer needs a unit and a country", line)
		case a.Role == roleSupervisor && a.Unit == "":
			return nil, fmt.Errorf("users file line %d: a supervisor needs a unit", line)
		case a.Role != roleOfficer && a.Role != roleSupervisor:
			return nil, fmt.Errorf("users file line %d: role %q: ocuload simulates officers and supervisors only", line, a.Role)
		}
		out = append(out, a)
	}
	if len(out) == 0 {
		return nil, errors.New("users file: no accounts")
	}
	return out, nil
}
