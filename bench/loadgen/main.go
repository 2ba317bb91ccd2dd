// Command loadgen puts a bounded load on one HTTP endpoint from several
// connections on loopback and reports latency percentiles and throughput
// as one JSON line, so that two servers can be compared in one run:
//
//	loadgen -url http://127.0.0.1:8080/api/congresses/…/relays -c 16 -d 30s
//	loadgen -url http://127.0.0.1:64210/api/v1/query/gizmo -method POST -body 'g.V(…).All()'
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"sync"
	"time"
)

func main() {
	var (
		url    = flag.String("url", "", "URL to request")
		method = flag.String("method", "GET", "HTTP method")
		body   = flag.String("body", "", "request body")
		ctype  = flag.String("type", "text/plain", "content type of the body")
		conns  = flag.Int("c", 16, "concurrent connections")
		dur    = flag.Duration("d", 30*time.Second, "how long to keep the load on")
		label  = flag.String("label", "", "name of this measurement in the output")
	)
	flag.Parse()
	if *url == "" {
		fmt.Fprintln(os.Stderr, "loadgen: -url is required")
		os.Exit(2)
	}
	res, err := run(*url, *method, *body, *ctype, *conns, *dur)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
	res.Label = *label
	json.NewEncoder(os.Stdout).Encode(res)
}

// result is what one load run measured.
type result struct {
	Label    string  `json:"label,omitempty"`
	Requests int     `json:"requests"`
	Errors   int     `json:"errors"`
	RPS      float64 `json:"rps"`
	P50ms    float64 `json:"p50_ms"`
	P99ms    float64 `json:"p99_ms"`
	MaxMs    float64 `json:"max_ms"`
	Bytes    int64   `json:"bytes_per_response"`
}

func run(url, method, body, ctype string, conns int, dur time.Duration) (result, error) {
	tr := &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns}
	client := &http.Client{Transport: tr, Timeout: 60 * time.Second}
	// One request first: a server that cannot answer is an error, not a
	// measurement.
	if _, _, err := once(context.Background(), client, url, method, body, ctype); err != nil {
		return result{}, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), dur)
	defer cancel()
	var (
		mu     sync.Mutex
		lat    []time.Duration
		errs   int
		nbytes int64
		wg     sync.WaitGroup
	)
	start := time.Now()
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			myErrs := 0
			var myBytes int64
			for ctx.Err() == nil {
				t := time.Now()
				n, _, err := once(ctx, client, url, method, body, ctype)
				if ctx.Err() != nil {
					break
				}
				if err != nil {
					myErrs++
					continue
				}
				mine = append(mine, time.Since(t))
				myBytes = n
			}
			mu.Lock()
			lat = append(lat, mine...)
			errs += myErrs
			nbytes = myBytes
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if len(lat) == 0 {
		return result{}, fmt.Errorf("no request completed in %s", dur)
	}
	slices.Sort(lat)
	pct := func(p float64) float64 {
		i := int(p * float64(len(lat)-1))
		return float64(lat[i].Microseconds()) / 1000
	}
	return result{
		Requests: len(lat), Errors: errs, RPS: float64(len(lat)) / elapsed.Seconds(),
		P50ms: pct(0.50), P99ms: pct(0.99), MaxMs: float64(lat[len(lat)-1].Microseconds()) / 1000, Bytes: nbytes,
	}, nil
}

func once(ctx context.Context, client *http.Client, url, method, body, ctype string) (int64, int, error) {
	var rd io.Reader
	if body != "" {
		rd = bytes.NewReader([]byte(body))
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return 0, 0, err
	}
	if body != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err != nil {
		return 0, resp.StatusCode, err
	}
	if resp.StatusCode != http.StatusOK {
		return n, resp.StatusCode, fmt.Errorf("status %d", resp.StatusCode)
	}
	return n, resp.StatusCode, nil
}
