package api

import (
	"fmt"
	"io"
	"net"
	"strconv"
	"sync"
	"time"

	"golang.org/x/net/netutil"
)

// LimitListener bounds the connections a server holds open, so that clients
// that open many and send slowly (or not at all) cannot take every file
// descriptor: at most total at once (beyond that, Accept waits for one to
// close, as netutil.LimitListener does), and at most perClient from one
// address, beyond which a connection is answered 503 and closed at once.
// Addresses in exempt (IPs or CIDR ranges: the trusted reverse proxies,
// which carry many clients' connections) have no per-client limit. A limit
// of 0 is no limit.
func LimitListener(l net.Listener, total, perClient int, exempt []string) (net.Listener, error) {
	if perClient > 0 {
		cl := &clientLimit{Listener: l, max: perClient, open: map[string]int{}}
		for _, e := range exempt {
			if _, n, err := net.ParseCIDR(e); err == nil {
				cl.exempt = append(cl.exempt, n)
				continue
			}
			ip := net.ParseIP(e)
			if ip == nil {
				return nil, fmt.Errorf("limit listener: %q is neither an IP address nor a CIDR range", e)
			}
			cl.exempt = append(cl.exempt, &net.IPNet{IP: ip, Mask: net.CIDRMask(len(ip)*8, len(ip)*8)})
		}
		l = cl
	}
	if total > 0 {
		l = netutil.LimitListener(l, total)
	}
	return l, nil
}

// clientLimit is a listener that holds at most max connections per remote
// address.
type clientLimit struct {
	net.Listener
	max    int
	exempt []*net.IPNet
	mu     sync.Mutex
	open   map[string]int
}

// refusal is what a connection over its client's limit gets.
const refusal = `{"error":{"code":"too_many_connections","message":"too many connections from this address"}}`

func (l *clientLimit) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		host := c.RemoteAddr().String()
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		if l.isExempt(host) {
			return c, nil
		}
		l.mu.Lock()
		if l.open[host] >= l.max {
			l.mu.Unlock()
			// Best effort, and never long: the answer fits in the socket's
			// buffer.
			_ = c.SetWriteDeadline(time.Now().Add(100 * time.Millisecond))
			_, _ = io.WriteString(c, "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "+
				strconv.Itoa(len(refusal))+"\r\n\r\n"+refusal)
			c.Close()
			continue
		}
		l.open[host]++
		l.mu.Unlock()
		return &clientConn{Conn: c, release: sync.OnceFunc(func() {
			l.mu.Lock()
			defer l.mu.Unlock()
			if l.open[host]--; l.open[host] <= 0 {
				delete(l.open, host)
			}
		})}, nil
	}
}

func (l *clientLimit) isExempt(host string) bool {
	if len(l.exempt) == 0 {
		return false
	}
	ip := net.ParseIP(host)
	for _, n := range l.exempt {
		if ip != nil && n.Contains(ip) {
			return true
		}
	}
	return false
}

// clientConn gives its client's slot back when closed.
type clientConn struct {
	net.Conn
	release func()
}

func (c *clientConn) Close() error {
	c.release()
	return c.Conn.Close()
}
