package throttle

import "net/netip"

// clientID returns the value a client's counters are kept under, so that the
// addresses of one client share one bucket:
//
//   - an IPv4-mapped IPv6 address (::ffff:203.0.113.7) counts as its IPv4 address,
//     which a dual-stack listener may report either way;
//   - any other IPv6 address counts as its /64 prefix: a host or subscriber is
//     routinely given a whole /64, so one bucket per address would let it take a
//     fresh address for every attempt;
//   - an IPv4 address counts as itself.
//
// A port ("203.0.113.7:443", "[2001:db8::1]:443") is dropped, since it changes with
// every connection. A value that is not an IP address is an opaque identifier and is
// used as it is: a proxy may send its own client id instead of an address.
func clientID(value string) string {
	addr, err := netip.ParseAddr(value)
	if err != nil {
		ap, perr := netip.ParseAddrPort(value)
		if perr != nil {
			return "id:" + value
		}
		addr = ap.Addr()
	}

	addr = addr.Unmap()
	if addr.Is4() {
		return "ip:" + addr.String()
	}
	p, _ := addr.Prefix(64) // cannot fail: 64 bits fit in an IPv6 address
	return "ip:" + p.String()
}
