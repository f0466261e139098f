package main

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
)

// Pages beyond the read slots wait at the door; changes have slots of
// their own and pass while every read slot is taken.
func TestAdmissionKeepsChangesApartFromPages(t *testing.T) {
	a := &admission{reads: make(chan struct{}, 2), writes: make(chan struct{}, 1)}
	release := make(chan struct{})
	started := make(chan string, 10)
	e := echo.New()
	h := a.middleware(func(c echo.Context) error {
		started <- c.Request().Method
		<-release
		return c.NoContent(http.StatusOK)
	})
	serve := func(method string) chan int {
		done := make(chan int, 1)
		go func() {
			rec := httptest.NewRecorder()
			c := e.NewContext(httptest.NewRequest(method, "/cases", nil), rec)
			_ = h(c)
			done <- rec.Code
		}()
		return done
	}
	wait := func(want string) {
		t.Helper()
		select {
		case m := <-started:
			if m != want {
				t.Fatalf("started %s, want %s", m, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s never started", want)
		}
	}
	serve(http.MethodGet)
	serve(http.MethodGet)
	wait(http.MethodGet)
	wait(http.MethodGet)
	third := serve(http.MethodGet) // no read slot left
	post := serve(http.MethodPost)
	wait(http.MethodPost) // a change passes while pages are full
	select {
	case m := <-started:
		t.Fatalf("a third page (%s) ran with two read slots", m)
	case <-time.After(100 * time.Millisecond):
	}
	close(release) // every handler may finish now
	wait(http.MethodGet)
	if code := <-third; code != http.StatusOK {
		t.Fatalf("queued page: %d", code)
	}
	if code := <-post; code != http.StatusOK {
		t.Fatalf("change: %d", code)
	}
}
