package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// Every page of the demo operation, and its exports, say that part of it
// is generated rather than published; an operation entered by its users
// does not.
func TestDemoIsMarkedAsGenerated(t *testing.T) {
	a := newTestApp(t)
	const banner = "Demo operation. The named cases carry the figures of the public reporting."
	pages := map[string][]string{
		"officer.ph":  {"/home", "/cases", "/cases/" + mnlCase, "/units", "/units/MNL"},
		"coordinator": {"/dashboard", "/dashboard?unit=MNL", "/report", "/exports"},
	}
	for user, paths := range pages {
		a.as(user)
		for _, p := range paths {
			r := a.get(p)
			if r.Status != http.StatusOK || !strings.Contains(r.Body, banner) {
				t.Errorf("%s %s: %d, banner shown: %v", user, p, r.Status, strings.Contains(r.Body, banner))
			}
		}
	}
	r := a.as("coordinator").get("/exports/download?format=json")
	if r.Status != http.StatusOK {
		t.Fatalf("json export: %d", r.Status)
	}
	var head struct {
		Operation struct {
			Demo bool `json:"demo"`
		} `json:"operation"`
	}
	if err := json.NewDecoder(strings.NewReader(r.Body)).Decode(&head); err != nil || !head.Operation.Demo {
		t.Errorf("json export does not say the operation is a demo (%v)", err)
	}

	// Once the operation is no longer a demo, nothing says it is.
	if err := a.db.Write.Exec("UPDATE operations SET demo = 0").Error; err != nil {
		t.Fatal(err)
	}
	// A fresh server: the reference data is cached per process.
	srv := httptest.NewServer(newServer(a.db, serverConfig{}))
	t.Cleanup(srv.Close)
	a.srv = srv
	if body := a.as("officer.ph").get("/cases").Body; !strings.Contains(body, "Cases") || strings.Contains(body, banner) {
		t.Error("an operation that is not a demo shows the demo banner")
	}
}
