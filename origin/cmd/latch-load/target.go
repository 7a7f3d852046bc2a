package main

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// errNotLoopback is returned for any target, or any resolved address, outside the
// loopback ranges 127.0.0.0/8 and ::1.
var errNotLoopback = errors.New("target is not a loopback address")

// parseTarget checks that raw is an http(s) URL on a loopback host (127.0.0.0/8, ::1 or
// localhost) and returns its scheme and authority, dropping any path.
func parseTarget(raw string) (string, error) {
	if raw == "" {
		return "", errors.New("-url is required")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("-url %q: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("-url %q: want http or https", raw)
	}
	if u.User != nil {
		return "", fmt.Errorf("-url %q: credentials in the URL are not accepted", raw)
	}
	if !isLoopbackHost(u.Hostname()) {
		return "", fmt.Errorf("-url %q: %w", raw, errNotLoopback)
	}
	return u.Scheme + "://" + u.Host, nil
}

// isLoopbackHost reports whether host is "localhost" or a loopback IP literal.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	return isLoopbackIP(host)
}

// isLoopbackIP reports whether s is an IP literal in 127.0.0.0/8 or ::1. Names and
// zoned addresses are not.
func isLoopbackIP(s string) bool {
	ip, err := netip.ParseAddr(s)
	if err != nil || ip.Zone() != "" {
		return false
	}
	return ip.Unmap().IsLoopback()
}

// loopbackOnly is a dialer Control hook: it runs after name resolution and refuses to
// connect anywhere but loopback, so that neither a resolver nor a redirect can move
// the load elsewhere.
func loopbackOnly(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil || !isLoopbackIP(host) {
		return fmt.Errorf("dial %s: %w", address, errNotLoopback)
	}
	return nil
}

// newHTTPClient returns a client for up to conns parallel keep-alive connections that
// uses no proxy, follows no redirect and dials loopback addresses only.
func newHTTPClient(conns int, timeout time.Duration) *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second, Control: loopbackOnly}
	tr := &http.Transport{
		Proxy:               nil, // never the environment's proxy: traffic stays local
		DialContext:         dialer.DialContext,
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns,
		IdleConnTimeout:     30 * time.Second,
		DisableCompression:  true,
	}
	return &http.Client{
		Transport: tr,
		Timeout:   timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}
