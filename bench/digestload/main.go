// Command digestload is bench/run.py's load generator for what wrk cannot do: HTTP Digest (RFC 7616, MD5,
// qop=auth), whose response needs an MD5 per request that wrk's LuaJIT lacks. It speaks Bearer too, so the same
// case can be measured by wrk and by this generator side by side.
//
// Like a real client (the Go atlas CLI's digest transport), each connection asks for a challenge once, then
// reuses its nonce with an increasing nonce count and a fresh cnonce per request; an answer with stale=true
// makes it take the new nonce, restart its count at 1 and send the request again. It talks only to 127.0.0.1,
// for a bounded time over a bounded number of connections, and prints one line:
//
//	BENCH_JSON {"requests":...,"duration_us":...,"p50_us":...,...}
//
// with the keys of bench/lua/report.lua plus its own CPU time (gen_cpu_s), the challenges it answered and how
// many ids it used.
package main

import (
	"bufio"
	"crypto/md5"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

const realm = "MMS Public API"

type options struct {
	base        *url.URL
	method      string
	path        string // the request target; with ids, the prefix each id is appended to
	ids         []string
	first       int
	connections int
	duration    time.Duration
	timeout     time.Duration
	auth        string // "digest" or "bearer"
	user, pass  string
	token       string
	headers     [][2]string
	primePath   string // a GET that answers 401 without credentials, for each connection's first challenge
}

type totals struct {
	requests, bytes                                       int64
	connectErrors, readErrors, writeErrors, timeouts      int64
	non2xx, challenges, staleChallenges, refusedChallenge int64
}

type worker struct {
	opts     *options
	next     *atomic.Int64 // the next id to use (ids mode)
	conn     net.Conn
	reader   *bufio.Reader
	writer   *bufio.Writer
	nonce    string
	nc       uint32
	ha1      string
	latency  []int64 // microseconds, one per completed request
	t        totals
	deadline time.Time
}

func main() {
	opts, err := parse()
	if err != nil {
		fmt.Fprintln(os.Stderr, "digestload:", err)
		os.Exit(2)
	}
	var next atomic.Int64
	next.Store(int64(opts.first))
	ha1 := md5hex(opts.user + ":" + realm + ":" + opts.pass)
	workers := make([]*worker, opts.connections)
	for i := range workers {
		workers[i] = &worker{opts: opts, next: &next, ha1: ha1, latency: make([]int64, 0, 1<<14)}
	}
	// Each connection opens and (Digest) takes its first challenge before the clock starts.
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Add(1)
		go func(w *worker) { defer wg.Done(); w.prime() }(w)
	}
	wg.Wait()
	cpuBefore := cpuSeconds()
	began := time.Now()
	deadline := began.Add(opts.duration)
	for _, w := range workers {
		wg.Add(1)
		go func(w *worker) { defer wg.Done(); w.run(deadline) }(w)
	}
	wg.Wait()
	elapsed := time.Since(began)
	cpu := cpuSeconds() - cpuBefore
	report(workers, elapsed, cpu, next.Load()-int64(opts.first))
}

func parse() (*options, error) {
	o := &options{}
	var rawURL, idsFile string
	var headers headerList
	flag.StringVar(&rawURL, "url", "", "the server's base URL (http://127.0.0.1:PORT)")
	flag.StringVar(&o.method, "method", "GET", "the request method")
	flag.StringVar(&o.path, "path", "", "the request target; with -ids, the prefix of each id")
	flag.StringVar(&idsFile, "ids", "", "a file of ids, one a line: each request uses the next unused one")
	flag.IntVar(&o.first, "first", 0, "the index in -ids of the first id to use")
	flag.IntVar(&o.connections, "c", 32, "connections")
	flag.DurationVar(&o.duration, "d", 10*time.Second, "how long to send requests")
	flag.DurationVar(&o.timeout, "timeout", 10*time.Second, "a request's time limit")
	flag.StringVar(&o.auth, "auth", "digest", "digest or bearer")
	flag.StringVar(&o.user, "user", "", "Digest user name (the API key's public key)")
	flag.StringVar(&o.token, "token", "", "Bearer token")
	flag.Var(&headers, "H", "an extra header, 'Name: value' (repeatable)")
	flag.StringVar(&o.primePath, "prime-path", "", "a GET target for each connection's first challenge (default -path)")
	flag.Parse()
	o.pass = os.Getenv("DIGESTLOAD_PASSWORD") // the private key: never on the command line
	base, err := url.Parse(rawURL)
	if err != nil || base.Scheme != "http" {
		return nil, fmt.Errorf("-url must be http://127.0.0.1:PORT")
	}
	if host := base.Hostname(); host != "127.0.0.1" {
		return nil, fmt.Errorf("-url must name 127.0.0.1, not %q: this tool loads only the local machine", host)
	}
	o.base = base
	if !strings.HasPrefix(o.path, "/") {
		return nil, errors.New("-path must start with /")
	}
	if o.connections < 1 || o.connections > 1024 {
		return nil, errors.New("-c must be between 1 and 1024")
	}
	if o.duration <= 0 || o.duration > 10*time.Minute {
		return nil, errors.New("-d must be positive and at most 10m")
	}
	switch o.auth {
	case "digest":
		if o.user == "" || o.pass == "" {
			return nil, errors.New("digest needs -user and DIGESTLOAD_PASSWORD")
		}
	case "bearer":
		if o.token == "" {
			return nil, errors.New("bearer needs -token")
		}
	default:
		return nil, errors.New("-auth must be digest or bearer")
	}
	o.headers = headers
	if idsFile != "" {
		data, err := os.ReadFile(idsFile)
		if err != nil {
			return nil, err
		}
		o.ids = strings.Fields(string(data))
	}
	if o.primePath == "" {
		o.primePath = o.path
	}
	return o, nil
}

// headerList is the repeatable -H flag.
type headerList [][2]string

func (h *headerList) String() string { return fmt.Sprint(*h) }

func (h *headerList) Set(line string) error {
	name, value, ok := strings.Cut(line, ":")
	if !ok {
		return fmt.Errorf("-H %q: expected 'Name: value'", line)
	}
	*h = append(*h, [2]string{strings.TrimSpace(name), strings.TrimSpace(value)})
	return nil
}

// --- one connection ---------------------------------------------------------------------------------

func (w *worker) connect() error {
	conn, err := net.DialTimeout("tcp", w.opts.base.Host, w.opts.timeout)
	if err != nil {
		return err
	}
	w.conn, w.reader, w.writer = conn, bufio.NewReaderSize(conn, 16<<10), bufio.NewWriterSize(conn, 4<<10)
	return nil
}

func (w *worker) close() {
	if w.conn != nil {
		w.conn.Close()
		w.conn = nil
	}
}

// prime connects and, for Digest, takes the connection's first challenge (not counted as a request).
func (w *worker) prime() {
	if err := w.connect(); err != nil {
		w.t.connectErrors++
		return
	}
	if w.opts.auth != "digest" {
		return
	}
	w.deadline = time.Now().Add(w.opts.timeout)
	status, challenge, err := w.exchange("GET", w.opts.primePath, "")
	if err != nil {
		w.t.readErrors++
		w.close()
		return
	}
	if status == http.StatusUnauthorized && w.takeChallenge(challenge) {
		w.t.challenges++
	}
}

func (w *worker) run(deadline time.Time) {
	for time.Now().Before(deadline) {
		if w.conn == nil {
			if err := w.connect(); err != nil {
				w.t.connectErrors++
				time.Sleep(10 * time.Millisecond)
				continue
			}
		}
		target := w.opts.path
		if w.opts.ids != nil {
			index := int(w.next.Add(1) - 1)
			if index < len(w.opts.ids) {
				target += w.opts.ids[index]
			} else {
				target += "exhausted" // answered with an error: counted as non-2xx, as bench/lua/walk_ids.lua does
			}
		}
		began := time.Now()
		w.deadline = began.Add(w.opts.timeout)
		status, err := w.request(target)
		if err != nil {
			var netErr net.Error
			switch {
			case errors.As(err, &netErr) && netErr.Timeout():
				w.t.timeouts++
			case errors.Is(err, errWrite):
				w.t.writeErrors++
			default:
				w.t.readErrors++
			}
			w.close()
			continue
		}
		w.latency = append(w.latency, time.Since(began).Microseconds())
		w.t.requests++
		if status < 200 || status > 299 {
			w.t.non2xx++
		}
	}
	w.close()
}

// request sends one request (Digest: answering a stale challenge once more, as clients do) and its status.
func (w *worker) request(target string) (int, error) {
	for attempt := 0; ; attempt++ {
		authorization := ""
		switch w.opts.auth {
		case "bearer":
			authorization = "Bearer " + w.opts.token
		case "digest":
			if w.nonce != "" {
				authorization = w.digestAuthorization(target)
			}
		}
		status, challenge, err := w.exchange(w.opts.method, target, authorization)
		if err != nil || status != http.StatusUnauthorized || w.opts.auth != "digest" || attempt > 0 {
			return status, err
		}
		stale := strings.Contains(challenge, "stale=true")
		if !w.takeChallenge(challenge) {
			return status, nil
		}
		if stale {
			w.t.staleChallenges++
		} else {
			w.t.refusedChallenge++ // a refusal that is not staleness: counted, and answered once like a client
		}
	}
}

var errWrite = errors.New("write failed")

// exchange writes one request and reads its whole answer: the status and any WWW-Authenticate.
func (w *worker) exchange(method, target, authorization string) (int, string, error) {
	w.conn.SetDeadline(w.deadline)
	b := w.writer
	b.WriteString(method)
	b.WriteByte(' ')
	b.WriteString(target)
	b.WriteString(" HTTP/1.1\r\nHost: ")
	b.WriteString(w.opts.base.Host)
	b.WriteString("\r\n")
	if authorization != "" {
		b.WriteString("Authorization: ")
		b.WriteString(authorization)
		b.WriteString("\r\n")
	}
	for _, h := range w.opts.headers {
		b.WriteString(h[0])
		b.WriteString(": ")
		b.WriteString(h[1])
		b.WriteString("\r\n")
	}
	b.WriteString("\r\n")
	if err := b.Flush(); err != nil {
		return 0, "", fmt.Errorf("%w: %v", errWrite, err)
	}
	response, err := http.ReadResponse(w.reader, nil)
	if err != nil {
		return 0, "", err
	}
	n, err := io.Copy(io.Discard, response.Body)
	response.Body.Close()
	if err != nil {
		return 0, "", err
	}
	w.t.bytes += n
	if response.Close {
		w.close()
		if err := w.connect(); err != nil {
			w.t.connectErrors++
		}
	}
	return response.StatusCode, response.Header.Get("Www-Authenticate"), nil
}

// takeChallenge keeps a Digest challenge's nonce and restarts the nonce count; false if there is none.
func (w *worker) takeChallenge(header string) bool {
	if !strings.HasPrefix(strings.ToLower(header), "digest ") {
		return false
	}
	nonce := param(header, "nonce")
	if nonce == "" {
		return false
	}
	w.nonce, w.nc = nonce, 0
	return true
}

func (w *worker) digestAuthorization(target string) string {
	w.nc++
	nc := fmt.Sprintf("%08x", w.nc)
	var raw [8]byte
	rand.Read(raw[:])
	cnonce := hex.EncodeToString(raw[:])
	ha2 := md5hex(w.opts.method + ":" + target)
	response := md5hex(w.ha1 + ":" + w.nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2)
	return `Digest username="` + w.opts.user + `", realm="` + realm + `", nonce="` + w.nonce + `", uri="` + target +
		`", algorithm=MD5, qop=auth, nc=` + nc + `, cnonce="` + cnonce + `", response="` + response + `"`
}

// param reads one parameter of a challenge (quoted or not; the server's values hold no escaped quotes).
func param(header, name string) string {
	for _, part := range strings.Split(header[len("digest "):], ",") {
		key, value, ok := strings.Cut(strings.TrimSpace(part), "=")
		if ok && strings.EqualFold(key, name) {
			return strings.Trim(value, `"`)
		}
	}
	return ""
}

func md5hex(text string) string {
	sum := md5.Sum([]byte(text))
	return hex.EncodeToString(sum[:])
}

// --- the report -------------------------------------------------------------------------------------

func cpuSeconds() float64 {
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &usage); err != nil {
		return 0
	}
	seconds := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
	return seconds(usage.Utime) + seconds(usage.Stime)
}

func report(workers []*worker, elapsed time.Duration, cpu float64, idsUsed int64) {
	var t totals
	var all []int64
	for _, w := range workers {
		all = append(all, w.latency...)
		t.requests += w.t.requests
		t.bytes += w.t.bytes
		t.connectErrors += w.t.connectErrors
		t.readErrors += w.t.readErrors
		t.writeErrors += w.t.writeErrors
		t.timeouts += w.t.timeouts
		t.non2xx += w.t.non2xx
		t.challenges += w.t.challenges
		t.staleChallenges += w.t.staleChallenges
		t.refusedChallenge += w.t.refusedChallenge
	}
	slices.Sort(all)
	percentile := func(p float64) int64 {
		if len(all) == 0 {
			return 0
		}
		index := int(p / 100 * float64(len(all)))
		return all[min(index, len(all)-1)]
	}
	var sum int64
	for _, v := range all {
		sum += v
	}
	mean := 0.0
	if len(all) > 0 {
		mean = float64(sum) / float64(len(all))
	}
	out := map[string]any{
		"requests": t.requests, "duration_us": elapsed.Microseconds(), "bytes": t.bytes,
		"connect_errors": t.connectErrors, "read_errors": t.readErrors, "write_errors": t.writeErrors,
		"non_2xx": t.non2xx, "timeouts": t.timeouts, "mean_us": mean, "max_us": percentile(100),
		"p50_us": percentile(50), "p90_us": percentile(90), "p99_us": percentile(99), "p999_us": percentile(99.9),
		"gen_cpu_s": cpu, "challenges": t.challenges, "stale_challenges": t.staleChallenges,
		"refused_challenges": t.refusedChallenge, "ids_used": idsUsed,
	}
	line, _ := json.Marshal(out)
	fmt.Printf("BENCH_JSON %s\n", line)
}
