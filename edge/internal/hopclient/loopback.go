package hopclient

import (
	"net/netip"
	"net/url"
	"strings"
)

// PlainHTTPAllowed reports whether u may be used over plain http: only when its host
// is a loopback address (127.0.0.0/8, ::1) or the name localhost. The hop carries
// passwords in its body, so anywhere else the origin must be reached over https.
// Other schemes are not this function's concern and report true.
func PlainHTTPAllowed(u *url.URL) bool {
	if u.Scheme != "http" {
		return true
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") {
		return true
	}
	addr, err := netip.ParseAddr(host)
	return err == nil && addr.Zone() == "" && addr.Unmap().IsLoopback()
}
