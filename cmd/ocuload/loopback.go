package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// target is the server under load: its base URL and the loopback address
// every connection goes to, resolved once and pinned.
type target struct {
	base   *url.URL       // scheme://host[:port], no path
	origin string         // the Origin header a browser sends on a POST
	addr   netip.AddrPort // where connections go: always a loopback address
}

// parseTarget accepts only a URL whose host is the local machine: a
// loopback IP literal (127.0.0.0/8, ::1) or "localhost" resolving to
// loopback addresses only. Anything else is refused: this tool must never
// load a machine other than the one it runs on.
func parseTarget(ctx context.Context, raw string) (*target, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("--url: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("--url %q: say http:// or https://", raw)
	}
	if u.User != nil || u.Opaque != "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("--url %q: give only scheme, host and port (http://127.0.0.1:8080)", raw)
	}
	host := u.Hostname()
	if host == "" {
		return nil, fmt.Errorf("--url %q: no host", raw)
	}
	port := u.Port()
	if port == "" {
		port = "80"
		if u.Scheme == "https" {
			port = "443"
		}
	}
	var pn uint16
	if _, err := fmt.Sscan(port, &pn); err != nil || pn == 0 {
		return nil, fmt.Errorf("--url %q: bad port", raw)
	}

	var ip netip.Addr
	if a, err := netip.ParseAddr(host); err == nil {
		if !isLoopback(a) {
			return nil, fmt.Errorf("--url %q: %s is not a loopback address; ocuload only loads the local machine", raw, host)
		}
		ip = a
	} else if strings.EqualFold(host, "localhost") {
		rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		addrs, err := net.DefaultResolver.LookupNetIP(rctx, "ip", host)
		if err != nil {
			return nil, fmt.Errorf("--url %q: resolve localhost: %w", raw, err)
		}
		for _, a := range addrs {
			if !isLoopback(a) {
				return nil, fmt.Errorf("--url %q: localhost resolves to %s, not a loopback address; refusing", raw, a)
			}
			// Prefer IPv4: a server started with --addr 127.0.0.1 does
			// not answer on ::1.
			if !ip.IsValid() || (a.Unmap().Is4() && !ip.Unmap().Is4()) {
				ip = a
			}
		}
		if !ip.IsValid() {
			return nil, fmt.Errorf("--url %q: localhost resolves to nothing", raw)
		}
	} else {
		return nil, fmt.Errorf("--url %q: host %q is not a loopback address; ocuload only loads the local machine (use 127.0.0.1, [::1] or localhost)", raw, host)
	}
	ip = ip.Unmap()
	return &target{
		base:   &url.URL{Scheme: u.Scheme, Host: u.Host},
		origin: u.Scheme + "://" + u.Host,
		addr:   netip.AddrPortFrom(ip, pn),
	}, nil
}

func isLoopback(a netip.Addr) bool { return a.Unmap().IsLoopback() }

// errNotLoopback is returned by the dialer's last check.
var errNotLoopback = errors.New("refusing to connect to a non-loopback address")

// loopbackOnly is a net.Dialer Control function: the last check before a
// socket connects, whatever the address came from.
func loopbackOnly(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil || !isLoopback(ap.Addr()) {
		return fmt.Errorf("%w: %s", errNotLoopback, address)
	}
	return nil
}

// sourceAddr is the loopback address simulated user i connects from, when
// addresses are spread: 127.0.0.2, 127.0.0.3, … Each officer is on their
// own machine in real life, and the server limits sign-ins per address.
func sourceAddr(i int) netip.Addr {
	return netip.AddrFrom4([4]byte{127, 0, byte(i / 250), byte(i%250 + 2)})
}

// dialer returns the DialContext of a simulated user's transport: every
// connection goes to the pinned loopback address, from src when valid.
func (t *target) dialer(src netip.Addr, timeout time.Duration) func(ctx context.Context, network, addr string) (net.Conn, error) {
	d := &net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second, Control: loopbackOnly}
	if src.IsValid() {
		d.LocalAddr = &net.TCPAddr{IP: src.AsSlice()}
	}
	dst := t.addr.String()
	return func(ctx context.Context, network, _ string) (net.Conn, error) {
		return d.DialContext(ctx, "tcp", dst)
	}
}

// canSpread reports whether connections from other loopback addresses
// reach the server (Linux routes all of 127.0.0.0/8 to lo; other systems
// may not).
func (t *target) canSpread(ctx context.Context) bool {
	if !t.addr.Addr().Is4() {
		return false
	}
	dial := t.dialer(sourceAddr(0), 2*time.Second)
	c, err := dial(ctx, "tcp", "")
	if err != nil {
		return false
	}
	c.Close()
	return true
}
