package main

import (
	"encoding/json"
	"math"
	"testing"
	"time"
)

// TestLeakCheck runs the memory check on made-up series: a heap that
// swings with the work under way must pass when its floor is flat, and a
// slow leak under the same swings must not.
func TestLeakCheck(t *testing.T) {
	const secs = 300.0
	// swing is up to 150 MiB of answers under way, back to none every
	// 35 s, as a server computing large answers looks.
	swing := func(t float64) float64 {
		if int(t)%35 == 0 {
			return 0
		}
		return 150 * math.Abs(math.Sin(t/7))
	}
	tests := []struct {
		name     string
		heap     func(t float64) float64
		wantFlat bool
	}{
		{"steady", func(float64) float64 { return 200 }, true},
		{"swings, flat floor", func(t float64) float64 { return 200 + swing(t) }, true},
		{"swings, a large answer at the end", func(t float64) float64 {
			if t >= secs-5 {
				return 320
			}
			return 200 + swing(t)
		}, true},
		{"a long computation's hump, then back", func(t float64) float64 {
			if t >= 190 && t < 265 {
				return 320 + swing(t)
			}
			return 200 + swing(t)
		}, true},
		{"leaks 10 MiB a minute", func(t float64) float64 { return 200 + 10*t/60 }, false},
		{"swings and leaks 10 MiB a minute", func(t float64) float64 { return 200 + 10*t/60 + swing(t) }, false},
		{"grows by a quarter", func(t float64) float64 { return 200 + 50*t/secs }, false},
		{"leaks 3 MiB a minute, under the ratio", func(t float64) float64 { return 200 + 3*t/60 + swing(t) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var samples []sample
			for x := 0.0; x <= secs; x += 5 {
				samples = append(samples, sample{T: x, RSS: 1000, Anon: 500, HeapInuse: 400, HeapLive: tt.heap(x)})
			}
			s := &soaker{cfg: config{warmup: time.Minute, leakRatio: 1.10, leakSlope: 2}}
			_, l := s.memory(samples, secs)
			if l.Metric != "go_heap_live" {
				t.Fatalf("metric %s, want go_heap_live", l.Metric)
			}
			if l.Flat != tt.wantFlat {
				t.Errorf("flat = %v, want %v (floor slope %.2f MiB/min, floor ratio %.3f)", l.Flat, tt.wantFlat, l.SlopeMiBMin, l.Ratio)
			}
		})
	}
}

func TestFloors(t *testing.T) {
	var samples []sample
	for x := 0.0; x < 120; x += 10 {
		samples = append(samples, sample{T: x, HeapLive: 100 + x})
	}
	xs, ys := floors(samples, 0, 120, 30, func(s sample) float64 { return s.HeapLive })
	wantX, wantY := []float64{0.25, 0.75, 1.25, 1.75}, []float64{100, 130, 160, 190}
	if len(xs) != len(wantX) {
		t.Fatalf("floors %v at %v, want %v at %v", ys, xs, wantY, wantX)
	}
	for i := range xs {
		if math.Abs(xs[i]-wantX[i]) > 1e-9 || ys[i] != wantY[i] {
			t.Fatalf("floors %v at %v, want %v at %v", ys, xs, wantY, wantX)
		}
	}
}

// A run shorter than its warm-up has no floor to compare: the summary
// says 0 and is still JSON (+Inf is not), and memory is not called flat.
func TestLeakCheckShortRun(t *testing.T) {
	samples := []sample{{T: 0, RSS: 1000, HeapLive: 100}, {T: 5, RSS: 1000, HeapLive: 150}, {T: 10, RSS: 1000, HeapLive: 152}}
	s := &soaker{cfg: config{warmup: time.Minute, leakRatio: 1.10, leakSlope: 2}}
	_, l := s.memory(samples, 10)
	if _, err := json.Marshal(l); err != nil {
		t.Fatalf("summary of a short run: %v (%+v)", err, l)
	}
	if l.Flat || l.Ratio != 0 {
		t.Errorf("short run: flat %v, ratio %v; want not flat, 0", l.Flat, l.Ratio)
	}
}
