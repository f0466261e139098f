package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"flag"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// selfSigned writes a self-signed ECDSA P-256 certificate for 127.0.0.1
// and its key as PEM files in dir, as an administrator would with openssl.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string, cert *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "ocu.local"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:     []string{"ocu.local"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	if cert, err = x509.ParseCertificate(der); err != nil {
		t.Fatal(err)
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile, cert
}

func TestServeHTTPSWithItsOwnCertificate(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile, cert := selfSigned(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve"}, env(map[string]string{"OCU_DB": filepath.Join(dir, "ocu.db"), "OCU_ADDR": "127.0.0.1:0",
			"OCU_TLS_CERT": certFile, "OCU_TLS_KEY": keyFile}), &out, &out)
	}()
	urlRe := regexp.MustCompile(`serving (https://127\.0\.0\.1:\d+/)`)
	var base string
	for deadline := time.Now().Add(20 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := urlRe.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		t.Fatalf("no https URL printed: %s", out.String())
	}
	pw := regexp.MustCompile(`password: (.+)`).FindStringSubmatch(out.String())
	if pw == nil {
		t.Fatalf("no administrator password printed: %s", out.String())
	}

	roots := x509.NewCertPool()
	roots.AddCert(cert)
	client := &http.Client{
		Transport:     &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	defer client.CloseIdleConnections()
	secure := func(res *http.Response, name string) {
		t.Helper()
		if hsts := res.Header.Get("Strict-Transport-Security"); !strings.Contains(hsts, "max-age=") {
			t.Errorf("%s: no HSTS header", res.Request.URL.Path)
		}
		for _, c := range res.Cookies() {
			if c.Name == name {
				if !c.Secure || !c.HttpOnly {
					t.Errorf("cookie %s: Secure %v, HttpOnly %v", name, c.Secure, c.HttpOnly)
				}
				return
			}
		}
		t.Errorf("%s: no %s cookie set", res.Request.URL.Path, name)
	}
	// The sign-in page sets the CSRF cookie; signing in, the session's.
	res, err := client.Get(base + "signin")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET /signin over HTTPS: %v %v", err, res)
	}
	res.Body.Close()
	if res.TLS == nil || res.TLS.Version < tls.VersionTLS12 {
		t.Fatalf("TLS state %+v", res.TLS)
	}
	secure(res, "ocu_csrf")
	req, _ := http.NewRequest("POST", base+"signin", strings.NewReader(url.Values{"username": {"admin"}, "password": {pw[1]}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if res, err = client.Do(req); err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in over HTTPS: %v %v", err, res)
	}
	res.Body.Close()
	secure(res, "ocu_session")

	// Plain HTTP to the HTTPS port gets no page.
	plain := strings.Replace(base, "https://", "http://", 1)
	if res, err := http.Get(plain + "signin"); err == nil {
		res.Body.Close()
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("plain HTTP to the HTTPS port: %d", res.StatusCode)
		}
	}
	// Nor does TLS older than 1.2.
	old := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots,
		MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11}}}
	if res, err := old.Get(base + "signin"); err == nil {
		res.Body.Close()
		t.Error("TLS 1.1 was accepted")
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run returned %v after shutdown", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("server did not shut down")
	}
}

func TestTLSSettingsAreCheckedBeforeTheDatabase(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile, _ := selfSigned(t, dir)
	garbage := filepath.Join(dir, "garbage.pem")
	os.WriteFile(garbage, []byte("not a certificate\n"), 0o600)
	_, otherKey, _ := selfSigned(t, t.TempDir())
	missing := filepath.Join(dir, "missing.pem")
	ctx := context.Background()
	for _, c := range []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"cert alone", []string{"--tls-cert", certFile}, nil, "--tls-cert and --tls-key"},
		{"key alone from the environment", nil, map[string]string{"OCU_TLS_KEY": keyFile}, "go together"},
		{"missing certificate", []string{"--tls-cert", missing, "--tls-key", keyFile}, nil, missing},
		{"missing key", nil, map[string]string{"OCU_TLS_CERT": certFile, "OCU_TLS_KEY": missing}, missing},
		{"not a certificate", []string{"--tls-cert", garbage, "--tls-key", keyFile}, nil, garbage + ": not a PEM certificate"},
		{"not a key", []string{"--tls-cert", certFile, "--tls-key", garbage}, nil, "--tls-key " + garbage},
		{"another certificate's key", []string{"--tls-cert", certFile, "--tls-key", otherKey}, nil, "does not match"},
	} {
		db := filepath.Join(t.TempDir(), "never.db")
		var out bytes.Buffer
		args := append([]string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, c.args...)
		err := run(ctx, args, env(c.env), &out, &out)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want it to say %q", c.name, err, c.want)
		}
		if _, serr := os.Stat(db); !errors.Is(serr, os.ErrNotExist) {
			t.Errorf("%s: the database was touched (%v)", c.name, serr)
		}
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"serve", "-h"}, env(nil), &out, &out); !errors.Is(err, flag.ErrHelp) ||
		!strings.Contains(out.String(), "-tls-cert file") || !strings.Contains(out.String(), "OCU_TLS_KEY") {
		t.Fatalf("ocu serve -h: %v %s", err, out.String())
	}
}
