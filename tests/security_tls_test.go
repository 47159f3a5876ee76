package tests

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"odatagw/demo"
)

// writeSelfSigned writes a self-signed certificate for 127.0.0.1 and its
// key into dir and returns a pool trusting it.
func writeSelfSigned(t *testing.T, dir string) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

// The binary serves HTTPS from the configured certificate (TLS 1.2 at
// least), sends HSTS, answers CORS preflights before authentication, and
// Basic credentials travel over TLS only.
func TestSecurityTLSHSTSCORS(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "demo.db")
	if err := demo.Create(context.Background(), dbPath); err != nil {
		t.Fatal(err)
	}
	certFile, keyFile, pool := writeSelfSigned(t, dir)
	cfg := `version: 1
security:
  auth:
    api_keys: {keys: [{name: app, hash: 'sha256:` + tlsKeyHash() + `'}]}
  tls: {cert_file: ` + certFile + `, key_file: ` + keyFile + `, hsts: {max_age: 8760h}}
  cors: {allowed_origins: [https://app.example], max_age: 5m}
sources:
  - {name: demo, kind: sqlite, dsn: ` + dbPath + `}
`
	cfgPath := filepath.Join(dir, "gateway.yaml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	bin := buildGateway(t, dir)
	addr := "127.0.0.1:" + freePort(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--config", cfgPath, "--listen", addr)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()

	client := func(max uint16) *http.Client {
		return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MaxVersion: max}}}
	}
	get := func(c *http.Client, method, url string, hdr ...string) (*http.Response, error) {
		req, _ := http.NewRequest(method, url, nil)
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		resp, err := c.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		return resp, err
	}
	root := "https://" + addr + "/odata/demo/"
	var resp *http.Response
	var err error
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if resp, err = get(client(0), "GET", root+"Categories", "X-API-Key", "tls-test-key"); err == nil || time.Now().After(deadline) {
			break
		}
	}
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("HTTPS: %v %v\n%s", resp, err, out.String())
	}
	if resp.TLS == nil || resp.TLS.Version < tls.VersionTLS12 {
		t.Fatalf("TLS %+v", resp.TLS)
	}
	if got := resp.Header.Get("Strict-Transport-Security"); got != "max-age=31536000" {
		t.Fatalf("HSTS %q", got)
	}
	if !strings.Contains(out.String(), "url=https://"+addr+"/odata/demo/") {
		t.Errorf("the log does not announce the https URL:\n%s", out.String())
	}
	// TLS 1.1 and plain HTTP are refused.
	if _, err := get(client(tls.VersionTLS11), "GET", root); err == nil {
		t.Fatal("a TLS 1.1 client was served")
	}
	if r, err := get(http.DefaultClient, "GET", "http://"+addr+"/odata/demo/Categories"); err == nil && r.StatusCode == 200 {
		t.Fatal("plain HTTP served data")
	}
	// CORS: a preflight from the allowed origin is answered without
	// credentials; the real request carries the CORS headers; another origin
	// gets none; without credentials the answer is still 401.
	r, err := get(client(0), "OPTIONS", root+"Categories", "Origin", "https://app.example",
		"Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "x-api-key")
	if err != nil || r.StatusCode != 204 || r.Header.Get("Access-Control-Allow-Origin") != "https://app.example" || r.Header.Get("Access-Control-Max-Age") != "300" {
		t.Fatalf("preflight: %v %v", r, err)
	}
	r, _ = get(client(0), "GET", root+"Categories", "Origin", "https://app.example", "X-API-Key", "tls-test-key")
	if r.StatusCode != 200 || r.Header.Get("Access-Control-Allow-Origin") != "https://app.example" {
		t.Fatalf("CORS GET: %d %v", r.StatusCode, r.Header)
	}
	r, _ = get(client(0), "GET", root+"Categories", "Origin", "https://evil.example", "X-API-Key", "tls-test-key")
	if r.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Fatalf("another origin got CORS headers: %v", r.Header)
	}
	if r, _ = get(client(0), "GET", root+"Categories", "Origin", "https://app.example"); r.StatusCode != 401 {
		t.Fatalf("CORS without credentials: %d", r.StatusCode)
	}
}

func tlsKeyHash() string {
	h := sha256.Sum256([]byte("tls-test-key"))
	return hex.EncodeToString(h[:])
}
