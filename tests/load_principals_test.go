package tests

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
	"odatagw/auth"
	"odatagw/cache"
	"odatagw/config"
	"odatagw/gateway"
	"odatagw/internal/procmem"
	"odatagw/internal/testenv"
)

// A bounded load over loopback: thousands of keep-alive clients, each a
// principal with its roles (API keys and Basic users of the authorization
// fixture's emea and apac roles), against the fixture in SQLite and in
// MariaDB, with the response cache on. Every answer is 200, or a configured
// 429 (rate limit) or 503 (admission) with Retry-After; every row returned
// satisfies the caller's row filters and carries no property hidden from
// it; memory stays bounded and comes back after the load.
//
// go test ./tests -run TestLoadMixedPrincipals -v prints the figures
// (requests, throughput, latency, heap and RSS); -short runs a small version.

// loadPrincipal is one caller of the load: how it authenticates and the
// regions its roles let it see.
type loadPrincipal struct {
	name    string
	header  [2]string // the credential header
	regions map[string]bool
}

func (p *loadPrincipal) emeaOnly() bool { return p.regions["EMEA"] && !p.regions["APAC"] }

// loadCredentials returns the principals and the authenticator that knows them.
func loadCredentials(t *testing.T) ([]*loadPrincipal, *auth.Authenticator) {
	t.Helper()
	emea, apac := map[string]bool{"EMEA": true}, map[string]bool{"APAC": true}
	both := map[string]bool{"EMEA": true, "APAC": true}
	var ps []*loadPrincipal
	var keys []config.APIKey
	for k, roles := range map[string][]string{"key-emea": {"emea"}, "key-apac": {"apac"}, "key-both": {"emea", "apac"}} {
		h := sha256.Sum256([]byte(k))
		keys = append(keys, config.APIKey{Name: k, Hash: "sha256:" + hex.EncodeToString(h[:]), Roles: roles})
		r := map[string]map[string]bool{"key-emea": emea, "key-apac": apac, "key-both": both}[k]
		ps = append(ps, &loadPrincipal{name: k, header: [2]string{"X-API-Key", k}, regions: r})
	}
	hash, err := bcrypt.GenerateFromPassword([]byte("load-password"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	var users []config.User
	for _, u := range []struct {
		name  string
		roles []string
		sees  map[string]bool
	}{{"bob", []string{"emea"}, emea}, {"carol", []string{"apac"}, apac}} {
		users = append(users, config.User{Name: u.name, PasswordHash: string(hash), Roles: u.roles})
		ps = append(ps, &loadPrincipal{name: u.name, header: [2]string{"Authorization", basicHeader(u.name, "load-password")}, regions: u.sees})
	}
	slices.SortFunc(ps, func(a, b *loadPrincipal) int { return strings.Compare(a.name, b.name) })
	a, err := auth.NewAuthenticator(&config.Auth{APIKeys: &config.APIKeys{Keys: keys}, Basic: &config.Basic{Users: users}}, "security.auth", nil)
	if err != nil {
		t.Fatal(err)
	}
	return ps, a
}

func TestLoadMixedPrincipals(t *testing.T) {
	clients, duration := 2000, 10*time.Second
	if testing.Short() {
		clients, duration = 200, 3*time.Second
	}
	clients = raiseFileLimit(t, clients)

	_, lite, _ := openAuthzSQLite(t)
	my := newMySQLDB(t, testenv.DBName("odatagw_test_load"), authzFixture("mysql")...)
	mysrc := my.open(t, schema.Options{Namespace: "shop", Naming: schema.NamingPascal}, sqldb.Config{Name: "shopdb", QueryTimeout: 10 * time.Second})
	principals, authn := loadCredentials(t)
	policies := map[string]*auth.Policy{}
	for name, src := range map[string]*sqldb.Source{"shop": lite, "shopdb": mysrc} {
		policies[name] = authzPolicy(t, name, src, authzRoles)
	}
	// A rate limit and admission limits a heavy deployment would have: some
	// 429s and 503s are the expected answers of an overloaded gateway.
	limiter, err := auth.NewRateLimiter(2000, 4000, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	adm := gateway.Admission{MaxRequests: 16, MaxQueued: 4 * clients, QueueTimeout: 5 * time.Second}
	e := newEnv(t, gateway.Config{Guard: auth.NewGuard(authn, nil, policies, limiter), Cache: gateway.CacheConfig{Policy: cache.Policy{Default: time.Minute}}}, "",
		gateway.Service{Name: "shop", Source: lite, Admission: adm}, gateway.Service{Name: "shopdb", Source: mysrc, Admission: adm})

	before := sampleMemory()
	t.Logf("before: heap in use %.1f MB, RSS %.1f MB, %d goroutines", mb(before.heap), mb(before.rss), before.goroutines)
	run := &loadRun{e: e, principals: principals, stop: time.Now().Add(duration), statuses: map[int]int{},
		client: &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxIdleConns: clients, DisableCompression: true}}}
	peak := run.run(clients)
	run.client.CloseIdleConnections()
	e.srv.CloseClientConnections()
	after := settledMemory(before.goroutines)

	s := run.summary()
	t.Logf("%d clients (%d principals) for %v: %d requests, %.0f req/s; by status %v; latency p50 %v p99 %v max %v",
		clients, len(principals), duration, s.requests, float64(s.requests)/duration.Seconds(), s.statuses, s.p50, s.p99, s.max)
	t.Logf("memory: peak heap in use %.1f MB, peak RSS %.1f MB (kernel high-water %.1f MB), %d goroutines at the peak; after: heap in use %.1f MB, RSS %.1f MB, %d goroutines",
		mb(peak.heap), mb(peak.rss), mb(after.hwm), peak.goroutines, mb(after.heap), mb(after.rss), after.goroutines)
	if n := len(run.problems); n > 0 {
		t.Errorf("%d answers broke the rules; the first ones:\n%v", n, run.problems[:min(n, 10)])
	}
	if s.statuses[200] < s.requests/2 {
		t.Errorf("only %d of %d answers were 200: the load proves little", s.statuses[200], s.requests)
	}
	if peak.goroutines < clients {
		t.Errorf("at most %d goroutines: the %d clients were never all connected at once", peak.goroutines, clients)
	}
	// Generous bounds: a leak or an unbounded buffer breaks them by far.
	if peak.heap > 1<<30 {
		t.Errorf("peak heap in use %.0f MB, want below 1 GB", mb(peak.heap))
	}
	if after.heap > before.heap+64<<20 {
		t.Errorf("heap in use %.1f MB after the load, %.1f MB before: more than 64 MB kept", mb(after.heap), mb(before.heap))
	}
	if after.goroutines > before.goroutines+50 {
		t.Errorf("%d goroutines after the load, %d before", after.goroutines, before.goroutines)
	}
}

// raiseFileLimit lifts RLIMIT_NOFILE to what clients connections need on
// both ends (two descriptors each, plus room); where the hard limit is lower
// it runs fewer clients.
func raiseFileLimit(t *testing.T, clients int) int {
	t.Helper()
	need := uint64(2*clients + 512)
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatal(err)
	}
	if lim.Cur < need {
		lim.Cur = min(need, lim.Max)
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
			t.Fatal(err)
		}
	}
	if lim.Cur < need {
		fit := int(lim.Cur-512) / 2
		t.Logf("RLIMIT_NOFILE %d: %d clients instead of %d", lim.Cur, fit, clients)
		return fit
	}
	return clients
}

// memSample is the process's memory at one moment.
type memSample struct {
	heap, rss, hwm uint64
	goroutines     int
}

func sampleMemory() memSample {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	rss, hwm, _ := procmem.RSS(os.Getpid()) // 0 where there is no /proc
	return memSample{heap: ms.HeapInuse, rss: uint64(rss), hwm: uint64(hwm), goroutines: runtime.NumGoroutine()}
}

// settledMemory waits (up to 5 s) for the connections' goroutines to end,
// collects garbage and samples.
func settledMemory(goroutines int) memSample {
	for deadline := time.Now().Add(5 * time.Second); runtime.NumGoroutine() > goroutines+50 && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
	}
	// Twice: what sync.Pools hold survives one collection.
	runtime.GC()
	runtime.GC()
	debug.FreeOSMemory()
	return sampleMemory()
}

func mb(b uint64) float64 { return float64(b) / (1 << 20) }
